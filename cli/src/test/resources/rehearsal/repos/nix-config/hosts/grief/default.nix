# grief: a host bootstrapped earlier; here so the fixture shows other hosts are left alone.
{ inputs, hostArgs, ... }:
{
  imports = [
    inputs.disko.nixosModules.disko
    ../common/disks/standard-disk-config.nix
    { _module.args = { inherit (hostArgs) disk boot swapSize withSwap persistDir luksKeyFile; }; }
    ../common/core.nix
    ./hardware-configuration.nix
  ];

  system.stateVersion = "24.11";
}
