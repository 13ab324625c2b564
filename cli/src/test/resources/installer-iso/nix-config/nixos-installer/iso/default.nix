# The custom ISO, as in the article, with the two keys nixboot's installer-iso playbook passes to an impure build:
# your public key for root's logins, and the installer's host key, made once and kept, so you know its fingerprint
# before it boots.
{ lib, pkgs, ... }:
let
  hostKey = builtins.getEnv "NIXBOOT_INSTALLER_HOST_KEY";
  authorizedKeys = builtins.getEnv "NIXBOOT_INSTALLER_AUTHORIZED_KEYS";
in
{
  # The default compression level (6) takes too long on some machines; 3 takes under two minutes.
  isoImage.squashfsCompression = "zstd -Xcompression-level 3";

  nix.settings.experimental-features = [ "nix-command" "flakes" ];

  services.openssh = {
    enable = true;
    settings.PermitRootLogin = lib.mkForce "prohibit-password";
    hostKeys = [ { path = "/etc/ssh/ssh_host_ed25519_key"; type = "ed25519"; } ];
  };
  systemd.services.sshd.wantedBy = lib.mkForce [ "multi-user.target" ];
  environment.etc."ssh/ssh_host_ed25519_key" = { mode = "0600"; text = builtins.readFile hostKey; };
  environment.etc."ssh/ssh_host_ed25519_key.pub".text = builtins.readFile "${hostKey}.pub";
  users.users.root.openssh.authorizedKeys.keys = [ (builtins.readFile authorizedKeys) ];

  environment.systemPackages = [ pkgs.git pkgs.rsync ];
  networking.hostName = "iso";
}
