# gusto's full configuration: a complete system on its own (boot loader, sshd, your user and key come from
# ../common/core.nix), plus its secrets. It gets the same generated arguments as the installer flake (hostArgs, see
# flake.nix), so the disk layout and boot loader it was installed with and the ones it is rebuilt with cannot drift.
{ inputs, hostArgs, ... }:
{
  imports = [
    inputs.disko.nixosModules.disko
    inputs.sops-nix.nixosModules.sops
    ../common/disks/standard-disk-config.nix
    { _module.args = { inherit (hostArgs) disk boot swapSize withSwap persistDir luksKeyFile; }; }
    ../common/core.nix
    ./hardware-configuration.nix
  ];

  # Decrypted at activation with the age key of the host key nixboot generated (sops-nix derives it).
  sops.defaultSopsFile = "${inputs.nix-secrets}/shared.yaml";
  sops.age.sshKeyPaths = [ "${hostArgs.persistDir}/etc/ssh/ssh_host_ed25519_key" ];
  sops.secrets.wifi_password = { };

  system.stateVersion = "24.11";
}
