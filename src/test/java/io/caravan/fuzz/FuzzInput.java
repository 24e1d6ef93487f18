// Helpers that turn one fuzz input (raw bytes, so corpus files stay readable) into text, sections and read sizes.
package io.caravan.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Every fuzz test here takes {@code byte[]}: a corpus file is exactly the input, with NUL bytes as section breaks. */
final class FuzzInput {

    private FuzzInput() {
    }

    static String utf8(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    static String latin1(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1);
    }

    /** The input cut at NUL bytes; always at least one (possibly empty) section. */
    static List<byte[]> sections(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0) {
                out.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Network read sizes (1 to 64 bytes, cycled) that depend only on the input, so a finding
     * reproduces from its file alone while every mutation also moves the read boundaries.
     */
    static int[] readSizes(byte[] input) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
        int[] sizes = new int[1 + random.nextInt(8)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
        }
        return sizes;
    }

    /** Splits {@code total} into 1 to 3 parts (some may be 0) chosen by the input, as BDAT chunk sizes. */
    static long[] chunkSizes(byte[] input, int total) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input) * 31L + 7);
        int parts = 1 + random.nextInt(3);
        long[] sizes = new long[parts];
        int left = total;
        for (int i = 0; i < parts - 1; i++) {
            sizes[i] = left == 0 ? 0 : random.nextInt(left + 1);
            left -= (int) sizes[i];
        }
        sizes[parts - 1] = left;
        return sizes;
    }
}
