{
  description = "nix-config: every host's full configuration (rehearsal fixture)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
    disko.url = "github:nix-community/disko";
    disko.inputs.nixpkgs.follows = "nixpkgs";
    sops-nix.url = "github:Mic92/sops-nix";
    sops-nix.inputs.nixpkgs.follows = "nixpkgs";
    # Private: fetched over SSH, which is why the rebuild on a new host needs your forwarded agent.
    nix-secrets = {
      url = "git+ssh://git@gitlab.com/you/nix-secrets.git?ref=main&shallow=1";
      flake = false;
    };
  };

  outputs = { nixpkgs, ... }@inputs:
    let
      mkHost = name: nixpkgs.lib.nixosSystem {
        specialArgs = { inherit inputs; };
        modules = [ ./hosts/${name} ];
      };
    in
    {
      nixosConfigurations = nixpkgs.lib.genAttrs [ "grief" "gusto" ] mkHost;
    };
}
