package io.sluice.common.config;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads configuration documents. YAML is a superset of JSON, so one reader takes both. Thread-safe. */
public final class ConfigFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private ConfigFiles() {
    }

    /**
     * The document in {@code file} as a tree.
     *
     * @throws ConfigException naming the file if it cannot be read, is not YAML or JSON, or is empty
     */
    public static ConfigNode read(Path file) {
        String source = file.toString();
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new ConfigException(source, "", "no such file (or not readable); check the path");
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, "", "not valid YAML or JSON: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException(source, "", "cannot be read: " + e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(source, "", "the file is empty; expected a YAML or JSON mapping");
        }
        return ConfigNode.root(tree, source);
    }

    /** Parses {@code text} as a YAML or JSON document; {@code source} names it in errors. */
    public static ConfigNode parse(String text, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, "", "not valid YAML or JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(source, "", "the document is empty; expected a YAML or JSON mapping");
        }
        return ConfigNode.root(tree, source);
    }

    /** Parser messages span lines; errors are printed as one. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
