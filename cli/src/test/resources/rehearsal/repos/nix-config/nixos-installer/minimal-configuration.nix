# The smallest system nixboot's remote bootstrap can finish from: what every host has (hosts/common/core.nix: boot
# loader, sshd with the pre-generated host key, your user with your key and sudo) and the tools the rest of the
# bootstrap uses on the host.
{ pkgs, ... }:
{
  imports = [ ../hosts/common/core.nix ];

  networking.networkmanager.enable = true;
  environment.systemPackages = with pkgs; [ git rsync ];

  system.stateVersion = "24.11";
}
