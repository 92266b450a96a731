package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @Test
    void parsesBinaryUnits() {
        assertThat(DataSize.parse("512").bytes()).isEqualTo(512);
        assertThat(DataSize.parse("512B").bytes()).isEqualTo(512);
        assertThat(DataSize.parse("16KiB").bytes()).isEqualTo(16 * 1024);
        assertThat(DataSize.parse("10MiB").bytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(DataSize.parse("1GiB").bytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(DataSize.parse("8k").bytes()).isEqualTo(8 * 1024);
        assertThat(DataSize.parse("2m").bytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(DataSize.parse("3G").bytes()).isEqualTo(3L * 1024 * 1024 * 1024);
        assertThat(DataSize.parse("0").bytes()).isZero();
    }

    @Test
    void parsesDecimalUnits() {
        assertThat(DataSize.parse("16KB").bytes()).isEqualTo(16_000);
        assertThat(DataSize.parse("10MB").bytes()).isEqualTo(10_000_000);
        assertThat(DataSize.parse("1GB").bytes()).isEqualTo(1_000_000_000);
    }

    @Test
    void unitsAreCaseInsensitiveAndSpacesAllowed() {
        assertThat(DataSize.parse("16kib").bytes()).isEqualTo(16 * 1024);
        assertThat(DataSize.parse(" 16 KiB ").bytes()).isEqualTo(16 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "1.5MiB", "-1", "ten", "16 Ki B", "0x10"})
    void malformedTextIsRefusedWithWhatToWrite(String text) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a size (expected: e.g. \"16KiB\", \"10MiB\")");
    }

    @Test
    void nullIsRefusedLikeAnyBadText() {
        assertThatThrownBy(() -> DataSize.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"null\" is not a size (expected: e.g. \"16KiB\", \"10MiB\")");
    }

    @Test
    void unknownUnitIsNamed() {
        assertThatThrownBy(() -> DataSize.parse("16TiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"16TiB\" has an unknown unit \"TiB\" (expected: B, KiB, MiB, GiB, KB, MB or GB)");
        assertThatThrownBy(() -> DataSize.parse("16bytes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"16bytes\" has an unknown unit \"bytes\" (expected: B, KiB, MiB, GiB, KB, MB or GB)");
    }

    @Test
    void overflowIsRefused() {
        assertThatThrownBy(() -> DataSize.parse("9999999999GiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"9999999999GiB\" is too large (expected: at most 8EiB)");
        assertThatThrownBy(() -> DataSize.parse("99999999999999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"99999999999999999999\" is too large (expected: at most 8EiB)");
    }

    @Test
    void factoriesAndConstructorCheckTheirArguments() {
        assertThat(DataSize.ofBytes(5).bytes()).isEqualTo(5);
        assertThat(DataSize.ofKibibytes(2).bytes()).isEqualTo(2048);
        assertThat(DataSize.ofMebibytes(1).bytes()).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> DataSize.ofBytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bytes: -1 (expected: >= 0)");
        assertThatThrownBy(() -> DataSize.ofMebibytes(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void toIntBytesSaturates() {
        assertThat(DataSize.ofKibibytes(16).toIntBytes()).isEqualTo(16 * 1024);
        assertThat(DataSize.parse("4GiB").toIntBytes()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void toStringIsInBytes() {
        assertThat(DataSize.parse("1KiB")).hasToString("1024B");
    }
}
