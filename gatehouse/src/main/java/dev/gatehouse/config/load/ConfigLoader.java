package dev.gatehouse.config.load;

import dev.gatehouse.config.GatehouseConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads a Gatehouse YAML file into a validated {@link GatehouseConfig}, or fails with every
 * problem in it, each naming the file, line, key path, bad value and what to write instead.
 *
 * <p>Validation happens here, once: code that uses a {@code GatehouseConfig} may rely on every
 * reference resolving and every value being in range.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file} (UTF-8). Problems name the file as given, so a user sees
     * the path they typed.
     *
     * @throws ConfigException when the file cannot be read or is not a valid config
     */
    public static GatehouseConfig load(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(name, "no such file");
        } catch (AccessDeniedException e) {
            throw unreadable(name, "permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(name, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(name, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return parse(yaml, name);
    }

    /**
     * Validates {@code yaml} as if read from a file named {@code fileName} (used in problems).
     *
     * @throws ConfigException when the text is not valid YAML or not a valid config
     */
    public static GatehouseConfig parse(String yaml, String fileName) throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(fileName, "fileName");
        // Editors on Windows may start the file with a byte order mark; it is not content.
        if (yaml.startsWith("\uFEFF")) {
            yaml = yaml.substring(1);
        }
        Problems problems = new Problems(fileName);
        YamlNode root = YamlTreeReader.read(yaml, problems);
        GatehouseConfig config = root == null ? null : new ConfigValidator(problems).validate(root);
        if (config == null || !problems.isEmpty()) {
            throw problems.toException();
        }
        return config;
    }

    private static ConfigException unreadable(String file, String reason) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, "", "cannot read the file: " + reason)));
    }
}
