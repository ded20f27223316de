package io.pegasus.chaos.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/** Whether every member of every partition holds the same data, from their stopped ReplicaServers' folders. */
public final class Convergence {
    private Convergence() {}

    /** One partition's members and what each holds. */
    public record PartitionDigests(int partition, Map<String, Optional<ReplicaContents.Digest>> byMember) {
        public boolean converged() {
            List<Optional<ReplicaContents.Digest>> ds = new ArrayList<>(byMember.values());
            return !ds.isEmpty() && ds.get(0).isPresent() && ds.stream().allMatch(d -> d.equals(ds.get(0)));
        }
    }

    /**
     * @param members per partition, the members' addresses (primary first)
     * @param dataDirs each ReplicaServer's data folder by address
     */
    public static List<PartitionDigests> digests(int appId, List<List<String>> members, Map<String, Path> dataDirs)
            throws RocksDBException {
        List<PartitionDigests> result = new ArrayList<>();
        for (int p = 0; p < members.size(); p++) {
            Map<String, Optional<ReplicaContents.Digest>> m = new LinkedHashMap<>();
            for (String address : members.get(p)) {
                Path dir = dataDirs.get(address);
                m.put(address, dir == null ? Optional.empty() : ReplicaContents.digest(dir, appId, p));
            }
            result.add(new PartitionDigests(p, m));
        }
        return result;
    }
}
