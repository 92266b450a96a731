package dev.gatehouse.config.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems found in one file, so that validation can go on after the first one and
 * the user can fix everything in one pass.
 */
final class Problems {

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String path, String message) {
        problems.add(new ConfigProblem(file, line, path, message));
    }

    /** How many problems were found so far: a reader compares counts to learn whether its part added any. */
    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in line order, as a user reads the file; same-line problems keep their order. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(ConfigProblem::line));
        return copy;
    }

    ConfigException toException() {
        return new ConfigException(sorted());
    }
}
