# TEST FIXTURE: shared by the rehearsal's stand-ins for nix and nixos-rebuild (sourced, not run). What they need of
# flakes, done with the real tools where it matters: flake.lock read as Nix writes it, git inputs fetched with real
# git over real ssh (so a missing known host fails as it does for Nix), and the age key sops-nix derives from an SSH
# host key, computed as ssh-to-age does (Mic92/ssh-to-age, convert.go: SHA-512 of the ed25519 seed, bech32 with the
# age-secret-key- prefix), then turned into a recipient by the real age-keygen.

# The git inputs of a flake.lock, one "name url rev" a line (nodes whose locked.type is git).
flake_git_inputs() {
    awk '
        /^    "[^"]+": \{$/ { node = $1; gsub(/[":]/, "", node); locked = 0; type = ""; url = ""; rev = "" }
        /^      "locked": \{$/ { locked = 1; next }
        locked && /^      \}/ { if (type == "git") print node, url, rev; locked = 0 }
        locked && /"type":/ { type = $2; gsub(/[",]/, "", type) }
        locked && /"url":/ { url = $2; gsub(/[",]/, "", url) }
        locked && /"rev":/ { rev = $2; gsub(/[",]/, "", rev) }
    ' "$1"
}

# Fetches URL at REV into DIRECTORY (its files, no .git), as Nix's git fetcher does. GIT_SSH_COMMAND decides which
# known_hosts ssh reads; by default ssh's own: ~/.ssh/known_hosts of the password database's home.
fetch_git_input() {
    local url="$1" rev="$2" directory="$3" clone
    clone="$(mktemp -d)"
    if ! git clone -q --bare "$url" "$clone/repo.git" 2>"$clone/error"; then
        echo "error: failed to fetch input from '$url':" >&2
        sed 's/^/       /' "$clone/error" >&2
        rm -rf "$clone"
        return 1
    fi
    if ! git -C "$clone/repo.git" cat-file -e "$rev^{commit}" 2>/dev/null; then
        echo "error: revision $rev of '$url' does not exist" >&2
        rm -rf "$clone"
        return 1
    fi
    mkdir -p "$directory"
    git -C "$clone/repo.git" archive "$rev" | tar -x -C "$directory"
    rm -rf "$clone"
}

# The bech32 string (BIP-173, as age uses it) of HRP and the bytes given as hex.
bech32() {
    local hrp="$1" hex="$2" charset="qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    local -a values=() generator=(0x3b6a57b2 0x26508e6d 0x1ea119fa 0x3d4233dd 0x2a1462b3)
    local accumulator=0 bits=0 i byte chk=1 top v k out
    for ((i = 0; i < ${#hex}; i += 2)); do
        byte=$((16#${hex:i:2}))
        accumulator=$(((accumulator << 8) | byte))
        bits=$((bits + 8))
        while ((bits >= 5)); do
            bits=$((bits - 5))
            values+=($(((accumulator >> bits) & 31)))
        done
        accumulator=$((accumulator & 255))
    done
    ((bits > 0)) && values+=($(((accumulator << (5 - bits)) & 31)))
    local -a checked=()
    for ((i = 0; i < ${#hrp}; i++)); do checked+=($(($(printf '%d' "'${hrp:i:1}") >> 5))); done
    checked+=(0)
    for ((i = 0; i < ${#hrp}; i++)); do checked+=($(($(printf '%d' "'${hrp:i:1}") & 31))); done
    checked+=("${values[@]}" 0 0 0 0 0 0)
    for v in "${checked[@]}"; do
        top=$((chk >> 25))
        chk=$((((chk & 0x1ffffff) << 5) ^ v))
        for k in 0 1 2 3 4; do
            (((top >> k) & 1)) && chk=$((chk ^ generator[k]))
        done
    done
    chk=$((chk ^ 1))
    out="${hrp}1"
    for v in "${values[@]}"; do out+="${charset:v:1}"; done
    for k in 0 1 2 3 4 5; do out+="${charset:$(((chk >> (5 * (5 - k))) & 31)):1}"; done
    echo "$out"
}

# The age recipient (age1...) sops-nix derives from an unencrypted OpenSSH ed25519 private key file.
age_recipient_of_host_key() {
    local key="$1" hex seed scalar identity
    hex="$(sed '/-----/d' "$key" | tr -d '\n' | base64 -d | od -An -tx1 -v | tr -d ' \n')"
    # openssh-key-v1, cipher and kdf "none", one ed25519 key: the 32-byte seed starts at byte 161.
    [ "${hex:0:28}" = "6f70656e7373682d6b65792d7631" ] || { echo "$key is not an OpenSSH private key" >&2; return 1; }
    seed="${hex:322:64}"
    scalar="$(printf "$(echo "$seed" | sed 's/\(..\)/\\x\1/g')" | sha512sum | cut -c1-64)"
    identity="$(bech32 age-secret-key- "$scalar" | tr 'a-z' 'A-Z')"
    echo "$identity" | age-keygen -y /dev/stdin
}
