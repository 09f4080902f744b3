package org.mailresponder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-world corpus under src/test/resources/corpus/real-world: mail nobody wrote for this project (bounces,
 * complaints and auto-replies from sisimai/set-of-emails; personal mail, list posts and reports from mail-parser
 * projects' fixtures), each with its source, licence, kind and the expected outcome judged by reading it
 * ({@code manifest.csv}; SOURCE.md says where it all comes from).
 */
public final class RealMailCorpus {

    public static final Path DIR = Path.of("src/test/resources/corpus/real-world");
    /** Where the samples are delivered: a served address, as Postfix records it. */
    public static final String REQUESTED = "get@responder.test";

    /** One sample and what must happen to it: {@code answer}, {@code not-answer} or {@code failed}. */
    public record Sample(String file, String source, String licence, String kind, String expected, String note) {

        /** The file as stored. */
        public byte[] stored() {
            try {
                return Files.readAllBytes(DIR.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The file as Postfix would deliver it to {@link #REQUESTED}: {@code X-Original-To} and {@code Delivered-To}
         * prepended, with the file's own line end (CRLF, bare CR or LF). Nothing else is changed.
         */
        public byte[] delivered() {
            byte[] stored = stored();
            String eol = lineEnd(stored);
            byte[] added = ("X-Original-To: " + REQUESTED + eol + "Delivered-To: " + REQUESTED + eol)
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[added.length + stored.length];
            System.arraycopy(added, 0, out, 0, added.length);
            System.arraycopy(stored, 0, out, added.length, stored.length);
            return out;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private RealMailCorpus() {
    }

    static String lineEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n') {
                return "\n";
            }
            if (m[i] == '\r') {
                return i + 1 < m.length && m[i + 1] == '\n' ? "\r\n" : "\r";
            }
        }
        return "\n";
    }

    public static List<Sample> samples() {
        try {
            List<Sample> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(DIR.resolve("manifest.csv"), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    List<String> f = csv(line);
                    out.add(new Sample(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV record as Python's csv module writes it (quotes around fields with commas or quotes). */
    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
