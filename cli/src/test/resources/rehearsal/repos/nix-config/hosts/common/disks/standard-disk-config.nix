# One disk: boot partitions, then btrfs subvolumes for /, /persist, /nix and, when withSwap, a swap file of swapSize
# GiB; optionally inside LUKS. The arguments come from nixos-installer/hosts/<host>.json, written by nixboot's remote
# bootstrap playbook from its vars and the target's firmware.
#   boot = "uefi": a 512M ESP mounted at /boot, for systemd-boot.
#   boot = "bios": a 1M BIOS boot partition (EF02) before it, for GRUB's core image; disko then sets
#                  boot.loader.grub.devices to this disk (disko lib/types/gpt.nix, _config). The same layout as
#                  disko's example/hybrid.nix, so the disk also boots should the firmware be switched to UEFI later.
{
  lib,
  disk ? "/dev/vda",
  boot ? "uefi",
  withSwap ? false,
  swapSize ? "0",
  persistDir ? "",
  luksKeyFile ? "",
  ...
}:
let
  btrfs = {
    type = "btrfs";
    extraArgs = [ "-f" ]; # Override existing partition
    subvolumes = {
      "@root" = {
        mountpoint = "/";
        mountOptions = [ "compress=zstd" "noatime" ];
      };
      "@persist" = {
        mountpoint = if persistDir == "" then "/persist" else persistDir;
        mountOptions = [ "compress=zstd" "noatime" ];
      };
      "@nix" = {
        mountpoint = "/nix";
        mountOptions = [ "compress=zstd" "noatime" ];
      };
      "@swap" = lib.mkIf withSwap {
        mountpoint = "/.swapvol";
        swap.swapfile.size = "${swapSize}G";
      };
    };
  };
in
{
  assertions = [
    {
      assertion = boot == "uefi" || boot == "bios";
      message = "boot must be \"uefi\" or \"bios\", not \"${boot}\"";
    }
  ];

  disko.devices.disk.disk0 = {
    type = "disk";
    device = disk;
    content = {
      type = "gpt";
      partitions = {
        bios = lib.mkIf (boot == "bios") {
          size = "1M";
          type = "EF02"; # GRUB's core image; disko creates it first (priority 100)
        };
        ESP = {
          priority = 1000;
          name = "ESP";
          size = "512M";
          type = "EF00";
          content = {
            type = "filesystem";
            format = "vfat";
            mountpoint = "/boot";
            mountOptions = [ "umask=0077" ];
          };
        };
        root = {
          size = "100%";
          content =
            if luksKeyFile == "" then
              btrfs
            else
              {
                type = "luks";
                name = "cryptroot";
                # Read once while formatting; nixos-anywhere places it there (--disk-encryption-keys).
                passwordFile = luksKeyFile;
                settings.allowDiscards = true;
                content = btrfs;
              };
        };
      };
    };
  };
}
