package io.sluice.node.config;

import java.util.List;

import io.sluice.common.config.ConfigNode;
import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.DestinationSpecs;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.filter.FilterSyntaxException;

/**
 * The checks on destination specs that need the node's code: the filter patterns are compiled here, because the
 * regex dialect (canal's Perl syntax) is the node's business, so that a bad pattern fails at load or apply rather
 * than when the destination starts somewhere in the cluster.
 */
public final class DestinationChecks {

    private DestinationChecks() {
    }

    /** Parses a list of destinations (or a document, for sluicectl) and checks each filter. */
    public static List<DestinationSpec> parseAndCheck(ConfigNode node) {
        List<DestinationSpec> specs = node.isList() ? DestinationSpecs.parseList(node)
                : DestinationSpecs.parseDocument(node);
        for (int i = 0; i < specs.size(); i++) {
            String prefix = node.isList() ? node.path() + "[" + i + "]"
                    : node.json().has("destinations") ? "destinations[" + i + "]" : "";
            checkFilter(specs.get(i), node, prefix);
        }
        return specs;
    }

    private static void checkFilter(DestinationSpec spec, ConfigNode at, String prefix) {
        try {
            DestinationFilter.parse(spec.filter().toCanalProperties());
        } catch (FilterSyntaxException e) {
            throw new io.sluice.common.config.ConfigException(at.source(),
                    prefix.isEmpty() ? "filter" : prefix + ".filter", e.getMessage());
        }
    }
}
