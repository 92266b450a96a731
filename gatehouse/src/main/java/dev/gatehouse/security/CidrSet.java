package dev.gatehouse.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import io.netty.util.NetUtil;

/**
 * An immutable set of IPv4 and IPv6 address blocks (CIDR) with a lookup in O(log n): the blocks
 * are merged into sorted, disjoint ranges searched by binary search.
 *
 * <p>An IPv4 lookup allocates nothing ({@link Inet4Address#hashCode()} is the address); an IPv6
 * lookup copies the 16 address bytes once (the JDK gives no other access to them). IPv4-mapped
 * IPv6 addresses ({@code ::ffff:10.0.0.1}) are matched as IPv4.
 */
public final class CidrSet implements Predicate<InetAddress> {

    /** The set with no address in it. */
    public static final CidrSet EMPTY = new CidrSet(new long[0], new long[0], new long[0], new long[0]);

    // IPv4: [v4Start[i], v4End[i]] as unsigned values in longs, sorted and disjoint.
    private final long[] v4Start;
    private final long[] v4End;
    // IPv6: each bound is two longs (high, low), compared unsigned; v6Start[2i], v6Start[2i+1].
    private final long[] v6Start;
    private final long[] v6End;

    private CidrSet(long[] v4Start, long[] v4End, long[] v6Start, long[] v6End) {
        this.v4Start = v4Start;
        this.v4End = v4End;
        this.v6Start = v6Start;
        this.v6End = v6End;
    }

    /**
     * The set of {@code blocks}, each {@code address/prefix} or a single address.
     *
     * @throws IllegalArgumentException naming the first bad block and what to write
     */
    public static CidrSet of(Collection<String> blocks) {
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (String block : blocks) {
            Block b = parse(block);
            (b.v4 ? v4 : v6).add(b.range);
        }
        long[][] four = merge(v4, false);
        long[][] six = merge(v6, true);
        return new CidrSet(four[0], four[1], six[0], six[1]);
    }

    /** Whether nothing is in the set. */
    public boolean isEmpty() {
        return v4Start.length == 0 && v6Start.length == 0;
    }

    @Override
    public boolean test(InetAddress address) {
        return contains(address);
    }

    /** Whether {@code address} is in one of the blocks; false for null. */
    public boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            return containsV4(address.hashCode() & 0xFFFFFFFFL);
        }
        if (address instanceof Inet6Address && (v6Start.length > 0 || v4Start.length > 0)) {
            byte[] b = address.getAddress();
            if (isMappedV4(b)) {
                return containsV4(((b[12] & 0xFFL) << 24) | ((b[13] & 0xFFL) << 16) | ((b[14] & 0xFFL) << 8) | (b[15] & 0xFFL));
            }
            return containsV6(toLong(b, 0), toLong(b, 8));
        }
        return false;
    }

    private boolean containsV4(long a) {
        int lo = 0;
        int hi = v4Start.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v4Start[mid] > a) {
                hi = mid - 1;
            } else if (v4End[mid] < a) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private boolean containsV6(long high, long low) {
        int lo = 0;
        int hi = v6Start.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6Start[2 * mid], v6Start[2 * mid + 1], high, low) > 0) {
                hi = mid - 1;
            } else if (compare(v6End[2 * mid], v6End[2 * mid + 1], high, low) < 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks one block without building a set: {@code 10.0.0.0/8}, {@code 192.168.1.7},
     * {@code 2001:db8::/32}.
     *
     * @throws IllegalArgumentException quoting the block and saying what to write
     */
    public static void check(String block) {
        parse(block);
    }

    private record Block(boolean v4, long[] range) {
    }

    private static Block parse(String text) {
        String expected = " (expected: an IP address or CIDR block, e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty" + expected);
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        // Literal addresses only: NetUtil never resolves a name through DNS.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(addressText);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR block" + expected);
        }
        // An IPv4-mapped block (::ffff:10.0.0.0/104) is the IPv4 block it maps (10.0.0.0/8).
        int mappedBits = 0;
        if (isMappedV4(bytes) && addressText.contains(":")) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            mappedBits = 96;
        }
        int bits = bytes.length * 8 + mappedBits;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            try {
                prefix = p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("\"" + text + "\" has a bad prefix length (expected: /0 to /" + bits
                        + " after the address, e.g. " + (bits == 32 ? "10.0.0.0/8" : "2001:db8::/32") + ")");
            }
        }
        if (mappedBits > 0) {
            if (prefix < mappedBits) {
                throw new IllegalArgumentException("\"" + text + "\" is wider than the IPv4-mapped range (expected: /96 to /128, or the IPv4 block itself, e.g. 10.0.0.0/8)");
            }
            prefix -= mappedBits;
            bits = 32;
        }
        if (bits == 32) {
            long a = ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8) | (bytes[3] & 0xFFL);
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            long start = a & mask;
            return new Block(true, new long[] {start, start | (~mask & 0xFFFFFFFFL)});
        }
        long high = toLong(bytes, 0);
        long low = toLong(bytes, 8);
        long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long lowMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new Block(false, new long[] {high & highMask, low & lowMask, high | ~highMask, low | ~lowMask});
    }

    /** Sorts and merges ranges into {starts, ends}; IPv6 bounds take two longs each. */
    private static long[][] merge(List<long[]> ranges, boolean v6) {
        int w = v6 ? 2 : 1;
        ranges.sort((x, y) -> v6 ? compare(x[0], x[1], y[0], y[1]) : Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && overlapsOrTouches(last, r, v6)) {
                if (v6 ? compare(r[2], r[3], last[2], last[3]) > 0 : r[1] > last[1]) {
                    if (v6) {
                        last[2] = r[2];
                        last[3] = r[3];
                    } else {
                        last[1] = r[1];
                    }
                }
            } else {
                merged.add(r.clone());
            }
        }
        long[] starts = new long[merged.size() * w];
        long[] ends = new long[merged.size() * w];
        for (int i = 0; i < merged.size(); i++) {
            long[] r = merged.get(i);
            if (v6) {
                starts[2 * i] = r[0];
                starts[2 * i + 1] = r[1];
                ends[2 * i] = r[2];
                ends[2 * i + 1] = r[3];
            } else {
                starts[i] = r[0];
                ends[i] = r[1];
            }
        }
        return new long[][] {starts, ends};
    }

    /** Whether {@code next} (starting at or after {@code last}) starts inside {@code last}. */
    private static boolean overlapsOrTouches(long[] last, long[] next, boolean v6) {
        return v6 ? compare(next[0], next[1], last[2], last[3]) <= 0 : next[0] <= last[1];
    }

    private static int compare(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    private static boolean isMappedV4(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xFF || b[11] != (byte) 0xFF) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }
}
