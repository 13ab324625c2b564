# One disk: a 512M ESP for /boot and btrfs subvolumes for /, /persist, /nix and, when withSwap, a swap file of
# swapSize GiB; optionally inside LUKS. The arguments come from nixos-installer/hosts/<host>.json, written by
# nixboot's remote bootstrap playbook from its vars.
{
  lib,
  disk ? "/dev/vda",
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
  disko.devices.disk.disk0 = {
    type = "disk";
    device = disk;
    content = {
      type = "gpt";
      partitions = {
        ESP = {
          priority = 1;
          name = "ESP";
          start = "1M";
          end = "512M";
          type = "EF00";
          content = {
            type = "filesystem";
            format = "vfat";
            mountpoint = "/boot";
            mountOptions = [ "defaults" ];
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
                # Read once while formatting; nixboot places it on the installer (0600) before the install.
                passwordFile = luksKeyFile;
                settings.allowDiscards = true;
                content = btrfs;
              };
        };
      };
    };
  };
}
