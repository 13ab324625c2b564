# grief: a host bootstrapped earlier; here so the fixture shows other hosts are left alone.
{ inputs, ... }:
let
  args = builtins.fromJSON (builtins.readFile ../../nixos-installer/hosts/grief.json);
in
{
  imports = [
    inputs.disko.nixosModules.disko
    ../common/disks/standard-disk-config.nix
    { _module.args = { inherit (args) disk swapSize withSwap persistDir luksKeyFile; }; }
    ./hardware-configuration.nix
  ];

  networking.hostName = "grief";
  system.stateVersion = "24.11";
}
