# gusto's full configuration. It reads the same generated arguments as the installer flake, so the disk layout
# the host was installed with and the one it is rebuilt with cannot drift apart.
{ inputs, ... }:
let
  args = builtins.fromJSON (builtins.readFile ../../nixos-installer/hosts/gusto.json);
in
{
  imports = [
    inputs.disko.nixosModules.disko
    ../common/disks/standard-disk-config.nix
    { _module.args = { inherit (args) disk swapSize withSwap persistDir luksKeyFile; }; }
    ./hardware-configuration.nix
  ];

  networking.hostName = "gusto";
  system.stateVersion = "24.11";
}
