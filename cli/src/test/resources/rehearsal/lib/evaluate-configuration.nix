# TEST FIXTURE: evaluates the NixOS configuration a nix-config flake defines for a host, with the real Nix evaluator
# (nix-instantiate) but without nixpkgs, which cannot be fetched here. The flake's own flake.nix is imported and its
# outputs function called; nixpkgs' lib is stood in for by the few functions the rehearsal's flakes use, and
# lib.nixosSystem collects and merges the modules the way nixpkgs' lib/modules.nix does:
#   - a module is a path (imported), a function (called with specialArgs, lib, config, pkgs and config._module.args,
#     each argument it names passed lazily: applyIfFunction), or an attribute set with imports/config or shorthand
#     definitions (unifyModuleSyntax); imports are followed and each module is taken once by its key (collectModules,
#     builtins.genericClosure);
#   - definitions are merged attribute by attribute: mkMerge and mkIf are discharged (dischargeProperties; an
#     attribute left with no definition is absent, as in types.attrsOf), the definitions of the highest priority win
#     (filterOverrides: mkDefault is 1000, a plain definition 100, mkForce 50), lists are concatenated, and two
#     different values of one option are an error, as for types without a merge.
# What it does not do: option declarations, types and their defaults (but for the few in optionDefaults), and every module of nixpkgs and of the inputs
# (disko, sops-nix, modulesPath + "/profiles/..."), which are empty here. So it can tell what the configuration itself
# sets (a boot loader, sshd, users, file systems), not what NixOS would make of it.
#
#   nix-instantiate --eval --strict --json evaluate-configuration.nix \
#       --arg flake /path/to/nix-config/nixos-installer --argstr host gusto [--argstr show WHAT]
# prints as JSON, by WHAT:
#   summary (default)  the configuration's boot, services.openssh, users, security.sudo, fileSystems,
#                      environment.etc, networking and disko settings
#   hosts              the names of the flake's nixosConfigurations (host is not used)
#   failed-assertions  the messages of the configuration's assertions that do not hold, one "- MESSAGE" a line,
#                      after evaluating every value it sets (as building system.build.toplevel would), but
#                      environment.systemPackages, whose packages come from nixpkgs
{ flake, host ? "", show ? "summary" }:
let
  b = builtins;

  lib = rec {
    # lib/modules.nix
    mkIf = condition: content: { _type = "if"; inherit condition content; };
    mkMerge = contents: { _type = "merge"; inherit contents; };
    mkOverride = priority: content: { _type = "override"; inherit priority content; };
    mkDefault = mkOverride 1000;
    mkForce = mkOverride 50;
    # lib/strings.nix, lib/attrsets.nix, lib/lists.nix
    hasSuffix = suffix: string:
      let
        n = b.stringLength string;
        k = b.stringLength suffix;
      in
      n >= k && b.substring (n - k) k string == suffix;
    removeSuffix = suffix: string:
      if hasSuffix suffix string then b.substring 0 (b.stringLength string - b.stringLength suffix) string else string;
    genAttrs = names: f: b.listToAttrs (map (name: { inherit name; value = f name; }) names);
    filterAttrs = keep: set:
      b.listToAttrs (b.concatMap (name: if keep name set.${name} then [ { inherit name; value = set.${name}; } ] else [ ])
        (b.attrNames set));
    unique = b.foldl' (seen: x: if b.elem x seen then seen else seen ++ [ x ]) [ ];
    # nixos/lib/eval-config.nix, through flake.nix's lib.nixosSystem
    nixosSystem = { modules, specialArgs ? { }, ... }: evalModules modules specialArgs;
  };

  # Modules of nixpkgs itself are not evaluated (see above).
  modulesPath = "/nixpkgs/nixos/modules";

  evalModules = modules: specialArgs:
    let
      arguments = { inherit lib config; options = { }; pkgs = { }; inherit modulesPath; } // specialArgs;

      # applyIfFunction: each argument the function names, from the arguments or config._module.args, lazily.
      call = f:
        if b.isFunction f then
          f (arguments // b.mapAttrs (name: _: arguments.${name} or config._module.args.${name}) (b.functionArgs f))
        else
          f;

      # unifyModuleSyntax
      unify = key: m:
        if m ? config || m ? options then
          { inherit key; imports = m.imports or [ ]; definitions = m.config or { }; }
        else
          {
            inherit key;
            imports = m.imports or [ ];
            definitions = b.removeAttrs m [ "_file" "key" "disabledModules" "imports" "require" "freeformType" "meta" ];
          };

      load = parentKey: n: m:
        if b.isAttrs m || b.isFunction m then
          unify "${parentKey}:anon-${toString n}" (call m)
        else if b.substring 0 (b.stringLength modulesPath) (toString m) == modulesPath then
          unify (toString m) { }
        else
          unify (toString m) (call (import m));

      loadAll = parentKey: ms: b.genList (i: load parentKey (i + 1) (b.elemAt ms i)) (b.length ms);

      collected = b.genericClosure {
        startSet = loadAll "" modules;
        operator = m: loadAll m.key m.imports;
      };

      # Declared defaults (mkOptionDefault, priority 1500) of the few nixpkgs options a configuration reads without
      # setting: what the real nixos-generate-config writes on every x86 machine reads
      # hardware.enableRedistributableFirmware (declared with default false in
      # nixos/modules/hardware/all-firmware.nix).
      optionDefaults = { hardware.enableRedistributableFirmware = false; };

      config = merge [ ] (map (m: { priority = 100; value = m.definitions; }) collected
        ++ [ { priority = 1500; value = optionDefaults; } ]);
    in
    { inherit config; };

  # dischargeProperties, with mkOverride's priority carried to what it wraps.
  discharge = definition:
    let
      value = definition.value;
      type = value._type or "";
    in
    if type == "merge" then
      b.concatMap (v: discharge (definition // { value = v; })) value.contents
    else if type == "if" then
      (if value.condition then discharge (definition // { value = value.content; }) else [ ])
    else if type == "override" then
      discharge { priority = value.priority; value = value.content; }
    else
      [ definition ];

  isSet = v: b.isAttrs v && !(v ? _type) && !(v ? outPath);

  merge = path: definitions:
    let
      discharged = b.concatMap discharge definitions;
      values = map (d: d.value) discharged;
      where = b.concatStringsSep "." path;
      # _module.args is lazyAttrsOf in nixpkgs: its values are not merged.
      lazyArguments = names: lib.genAttrs names (name: (b.head (b.filter (v: v ? ${name}) values)).${name});
      childDefinitions = name:
        b.concatMap (d: if d.value ? ${name} then [ { inherit (d) priority; value = d.value.${name}; } ] else [ ]) discharged;
      # An attribute whose every definition is an mkIf that does not hold is absent, as in attrsOf (types.nix).
      names = b.filter (name: b.concatMap discharge (childDefinitions name) != [ ])
        (lib.unique (b.concatMap b.attrNames values));
      children = name: merge (path ++ [ name ]) (childDefinitions name);
      highest = b.foldl' (p: d: if d.priority < p then d.priority else p) 9999 discharged;
      winners = map (d: d.value) (b.filter (d: d.priority == highest) discharged);
    in
    if path == [ "_module" "args" ] then
      lazyArguments (lib.unique (b.concatMap b.attrNames values))
    else if b.length discharged == 0 then
      throw "The option `${where}' is used but not defined."
    else if b.all isSet values then
      lib.genAttrs names children
    else if b.any isSet values then
      throw "The option `${where}' has conflicting definitions: attribute sets and other values."
    else if b.all b.isList winners then
      b.concatLists winners
    else if b.all (v: v == b.head winners) winners then
      b.head winners
    else
      throw "The option `${where}' has conflicting definition values: ${b.toJSON winners}";

  stubModule = { };
  outputs = (import (flake + "/flake.nix")).outputs {
    self = outputs;
    nixpkgs = { inherit lib; };
    disko.nixosModules.disko = stubModule;
    sops-nix.nixosModules.sops = stubModule;
    nix-secrets = "/nix/store/00000000000000000000000000000000-source";
  };
  config = outputs.nixosConfigurations.${host}.config;

  # Every value the configuration sets, evaluated deeply, but what needs nixpkgs' packages.
  everything = b.removeAttrs config [ "_module" ] // {
    environment = b.removeAttrs (config.environment or { }) [ "systemPackages" ];
  };
  # nixos/modules/misc/assertions.nix: the assertions that do not hold fail the build of the system.
  failedAssertions = map (a: a.message) (b.filter (a: !a.assertion) (config.assertions or [ ]));
in
if show == "hosts" then
  b.attrNames outputs.nixosConfigurations
else if show == "failed-assertions" then
  b.deepSeq everything (b.concatStringsSep "\n" (map (message: "- ${message}") failedAssertions))
else
  {
    boot = config.boot or { };
    services.openssh = config.services.openssh or { };
    users = config.users or { };
    security.sudo = config.security.sudo or { };
    fileSystems = config.fileSystems or { };
    environment.etc = config.environment.etc or { };
    networking = config.networking or { };
    disko = config.disko or { };
  }
