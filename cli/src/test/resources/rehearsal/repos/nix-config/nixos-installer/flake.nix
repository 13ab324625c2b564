{
  description = "Minimal installer flake: just enough of nix-config to install a host with disko";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
    disko.url = "github:nix-community/disko";
    disko.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { nixpkgs, disko, ... }:
    let
      inherit (nixpkgs) lib;

      # hosts/<host>.json is written by nixboot's remote bootstrap playbook from its vars
      # (host, user, disk, boot, ssh_port, swapSize, persist_dir, luks_key_file). Every such file is a configuration:
      # `--flake ./nixos-installer#<host>` needs no hand-written line per host.
      hostArgs = name: builtins.fromJSON (builtins.readFile ./hosts/${name}.json);
      hostNames = map (lib.removeSuffix ".json")
        (builtins.filter (lib.hasSuffix ".json") (builtins.attrNames (builtins.readDir ./hosts)));

      newConfig = name: args:
        lib.nixosSystem {
          specialArgs = { hostArgs = args; };
          modules = [
            disko.nixosModules.disko
            ../hosts/common/disks/standard-disk-config.nix
            {
              # What the article wrote by hand as `newConfig "gusto" "/dev/sda" "8" false`.
              _module.args = { inherit (args) disk boot swapSize withSwap persistDir luksKeyFile; };
            }
            ./minimal-configuration.nix
            ../hosts/${name}/hardware-configuration.nix
          ];
        };
    in
    {
      nixosConfigurations = lib.genAttrs hostNames (name: newConfig name (hostArgs name));
    };
}
