{
  description = "nix-config: every host's full configuration (rehearsal fixture)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
    disko.url = "github:nix-community/disko";
    disko.inputs.nixpkgs.follows = "nixpkgs";
    sops-nix.url = "github:Mic92/sops-nix";
    sops-nix.inputs.nixpkgs.follows = "nixpkgs";
    # Private: fetched over SSH with your keys (the rehearsal points this at its own git server on loopback).
    nix-secrets = {
      url = "git+ssh://git@gitlab.com/you/nix-secrets.git?ref=main&shallow=1";
      flake = false;
    };
  };

  outputs = { nixpkgs, ... }@inputs:
    let
      inherit (nixpkgs) lib;
      # Every hosts/<name>/default.nix is a configuration; hosts/common is shared code.
      hostNames = builtins.attrNames (lib.filterAttrs
        (name: type: type == "directory" && builtins.pathExists ./hosts/${name}/default.nix)
        (builtins.readDir ./hosts));
      mkHost = name: lib.nixosSystem {
        specialArgs = {
          inherit inputs;
          # The installer arguments nixboot wrote for this host: its disk, boot loader, SSH port, user.
          hostArgs = builtins.fromJSON (builtins.readFile ./nixos-installer/hosts/${name}.json);
        };
        modules = [ ./hosts/${name} ];
      };
    in
    {
      nixosConfigurations = lib.genAttrs hostNames mkHost;
    };
}
