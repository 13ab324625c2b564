package dev.nixboot.steps.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Test {

    /** The valid bech32 strings of BIP-173 ("Test vectors", bech32). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A12UEL5L",
                "a12uel5l",
                "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
                "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
                "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
                "?1ezyfcl",
            })
    void acceptsAndReencodesBip173ValidStrings(String valid) {
        Bech32.Decoded decoded = Bech32.decode(valid);
        assertThat(Bech32.encodeValues(decoded.hrp(), decoded.values())).isEqualTo(valid.toLowerCase(Locale.ROOT));
    }

    /**
     * The invalid bech32 strings of BIP-173, except the one that is invalid only for exceeding 90 characters: age
     * keys do not have that limit, so neither has this decoder.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u00201nwldj5",
                "\u007f1axkwrx",
                "\u00801eym55h",
                "pzry9x0s0muk",
                "1pzry9x0s0muk",
                "x1b4n0q5v",
                "li1dgmt3",
                "de1lg7wt\u00ff",
                "A1G7SGD8",
                "10a06t8",
                "1qzzfhee",
            })
    void rejectsBip173InvalidStrings(String invalid) {
        assertThatThrownBy(() -> Bech32.decode(invalid)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "ff", "0123456789abcdef0123456789abcdef"})
    void roundTripsBytes(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        String encoded = Bech32.encode("age", bytes);
        assertThat(Bech32.decode(encoded).bytes()).isEqualTo(bytes);
    }
}
