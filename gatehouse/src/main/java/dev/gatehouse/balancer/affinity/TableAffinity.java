package dev.gatehouse.balancer.affinity;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import java.util.Map;

/**
 * Table affinity: the gateway remembers which endpoint each client (by IP, header or cookie) was
 * sent to, in an {@link AffinityTable}. Requests without the key are balanced without pinning.
 */
final class TableAffinity implements Affinity {

    private final HashKey key;
    private final AffinityTable table;
    private final Map<String, Endpoint> byName;

    TableAffinity(HashKey key, AffinityTable table, Map<String, Endpoint> byName) {
        this.key = key;
        this.table = table;
        this.byName = byName;
    }

    @Override
    public Endpoint pick(PickContext context, Balancer strategy) {
        String client = key.value(context);
        if (client == null) {
            return strategy.pick(context);
        }
        String name = table.get(client);
        Endpoint pinned = name == null ? null : byName.get(name);
        if (pinned != null && context.isEligible(pinned)) {
            return pinned;
        }
        Endpoint chosen = strategy.pick(context);
        if (chosen != null) {
            table.put(client, chosen.name());
        }
        return chosen;
    }

    AffinityTable table() {
        return table;
    }
}
