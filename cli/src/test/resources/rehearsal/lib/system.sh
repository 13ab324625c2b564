# TEST FIXTURE: shared by the rehearsal's nixos-rebuild stand-ins (sourced, not run): "evaluate and build" a host's
# full configuration from a flake, as far as the bootstrap depends on it. Requires lib/flake.sh.
#   build_system FLAKE HOST OUT   checks nixosConfigurations.HOST exists the way the rehearsal's nix-config defines
#                                 it and what it reads is there, fetches every git input of flake.lock at its pinned
#                                 revision (as Nix does while evaluating; a fetch failure fails the build), and
#                                 writes the "system" to OUT: inputs/NAME/ with each input's files.
build_system() {
    local flake="$1" host="$2" out="$3" name url rev
    if [ ! -f "$flake/flake.nix" ]; then
        echo "error: path '$(cd "$flake" 2>/dev/null && pwd || echo "$flake")/flake.nix' does not exist" >&2
        return 1
    fi
    if [ ! -f "$flake/hosts/$host/default.nix" ]; then
        echo "error: flake does not provide attribute 'nixosConfigurations.\"$host\".config.system.build.toplevel'" >&2
        return 1
    fi
    if [ ! -f "$flake/hosts/$host/hardware-configuration.nix" ]; then
        echo "error: path 'hosts/$host/hardware-configuration.nix' does not exist" >&2
        return 1
    fi
    mkdir -p "$out/inputs"
    while read -r name url rev; do
        [ -n "$name" ] || continue
        echo "fetching input '$name' from $url at ${rev:0:12}" >&2
        fetch_git_input "$url" "$rev" "$out/inputs/$name" || return 1
    done < <(flake_git_inputs "$flake/flake.lock")
    echo "$host" >"$out/host"
}
