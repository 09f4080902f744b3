package org.mailresponder.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A generated corpus of hostile requests, the same on every run (fixed seed): huge, deep and folded headers,
 * control characters and NULs, encoded-word bombs, hostile Message-IDs and References, huge subjects, deep and
 * truncated MIME, many recipients, header injection, CRLF/bare CR/LF mixes, binary garbage, oversized messages,
 * bounces and complaints carrying all of that (the admin-forward path). Each case is addressed to a served address
 * from its own sender, so the rate limit does not hide what the composer does with it. Special files (FIFOs,
 * links, sparse gigabyte files) cannot be bytes; the route test adds them.
 */
public final class HostileCorpus {

    /** One hostile request. */
    public record Case(String name, byte[] bytes) {
    }

    private static final String[] SERVED = {"get@responder.test", "android@responder.test", "get+fa@responder.test"};

    private final List<Case> cases = new ArrayList<>();
    private final Random random = new Random(20250602L);
    private int n;

    private HostileCorpus() {
    }

    /** Every case, large ones included (a few of several megabytes; about 60 MB in all). */
    public static List<Case> all() {
        HostileCorpus c = new HostileCorpus();
        c.generate(true);
        return c.cases;
    }

    /** The cases under 64 kB: seeds for the fuzzer. */
    public static List<Case> small() {
        HostileCorpus c = new HostileCorpus();
        c.generate(false);
        return c.cases.stream().filter(k -> k.bytes().length < 64 * 1024).toList();
    }

    private void generate(boolean large) {
        String[] subjects = {
            "a\u0000b\u001b[31mred\u0007bell\u0008",
            "=?utf-8?q?hi=0D=0ABcc:_victim@target.example?=",
            "=?utf-8?b?" + b64("x\r\nBcc: victim@target.example\r\n") + "?=",
            "hi\rBcc: victim@target.example",
            "=?x-unknown?q?abc?= =?utf-8?q?=FF=FE?= =?utf-8?b?####?= =?utf-8?x?y?=",
            "=?utf-8?b?" + b64("\u202e\u0000\u0085\u2028\ud83d\ude00") + "?=",
            "=?utf-8?q?" + "=E2=80=AE".repeat(400) + "?=",
            "\u0444\u0430\u0439\u043b \ud83d\ude00 \udc00 lone surrogate",
            "Re: Re: Re: Fwd: " + "RE: ".repeat(500),
            "=?" + "a".repeat(5000) + "?q?x?=",
            "".repeat(0),
            "\t \t",
            "x".repeat(10_000),
            "word ".repeat(20_000),
            "=?utf-8?q?a?=".repeat(20_000),
        };
        for (int i = 0; i < subjects.length; i++) {
            for (String to : SERVED) {
                add("subject-" + i, simple(to, "Subject: " + subjects[i], "<s" + i + "." + n + "@mail.example>"));
            }
        }
        String[] messageIds = {
            "<a\u0000b@x.example>", "<a\u001b]0;pwned\u0007@x.example>", "<ok@x.example>\r\nBcc: victim@target.example",
            "=?utf-8?q?<a=00b@x.example>?=", "<" + "a".repeat(300) + "@x.example>", "<" + "a".repeat(100_000) + "@x.example>",
            "no-brackets-at-all", "<no-at-sign>", "<a b@x.example>", "<>", "<<<>>>", "<a@b@c>", "<\u0444@x.example>",
            "<a..b@x.example>", "<a@[1.2.3.4]>", "<a@[\u0000]>", "\u0000", "<a@x.example> trailing <b@y.example>",
            "(comment) <c@x.example>", "<" + "x@".repeat(500) + ">",
        };
        for (int i = 0; i < messageIds.length; i++) {
            for (String to : SERVED) {
                add("message-id-" + i, message(to, "Subject: hi\r\nMessage-ID: " + messageIds[i] + "\r\n", "body\r\n"));
            }
        }
        String[] references = {
            refs(10_256, ""), refs(50, "\u0000"), "<a@x.example>" + "<b@x.example>".repeat(5000),
            "=?utf-8?q?<a@x.example>?=", "<a@x.example>\r\nBcc: victim@target.example", "(" + "(".repeat(5000),
            "<" + "r".repeat(5000) + "@x.example> <ok@x.example>", "\u0000".repeat(1000),
        };
        for (int i = 0; i < references.length; i++) {
            for (String to : SERVED) {
                add("references-" + i, message(to, "Subject: hi\r\nMessage-ID: <r" + i + "." + n + "@mail.example>\r\n"
                        + "References: " + references[i] + "\r\nIn-Reply-To: " + references[i] + "\r\n", "body\r\n"));
            }
        }
        for (String to : SERVED) {
            add("many-headers", simple(to, "X-Junk: 1\r\n".repeat(50_000) + "Subject: many", id()));
            add("long-unfolded-header", simple(to, "X-Long: " + "y".repeat(1_000_000) + "\r\nSubject: long", id()));
            add("header-without-colon", simple(to, "This is not a header\r\nSubject: x", id()));
            add("many-recipients", simple(to, "To: " + addresses(10_000) + "\r\nCc: " + addresses(5_000) + "\r\nSubject: many", id()));
            add("many-original-to", simple(to, "X-Original-To: " + addresses(1000) + "\r\nSubject: which", id()));
            add("display-name-injection", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    "\"a\r\nBcc: victim@target.example\" <" + sender() + ">"));
            add("encoded-display-name", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    "=?utf-8?q?a=0D=0ABcc:_victim@target.example?= <" + sender() + ">"));
            add("long-local-part", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    "u".repeat(5000) + "@mail.example"));
            add("long-domain", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    "u@" + "d".repeat(300) + ".example"));
            add("two-from", message(to, "From: second@mail.example\r\nSubject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n"));
            add("from-list", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    sender() + ", victim@target.example, " + addresses(2000)));
            add("group-syntax", message(to, "Subject: hi\r\nMessage-ID: " + id() + "\r\n", "b\r\n",
                    "undisclosed:" + sender() + ";"));
            add("mime-depth-19", nested(to, 19, true));
            add("mime-depth-21", nested(to, 21, true));
            add("mime-depth-500", nested(to, 500, true));
            add("mime-truncated", nested(to, 5, false));
            add("mime-many-parts", manyParts(to, 10_000));
            add("mime-no-boundary", simple(to, "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\nSubject: nb", id()));
            add("mime-boundary-bomb", simple(to, "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\""
                    + "b".repeat(70_000) + "\"\r\nSubject: bb", id()));
            add("mime-rfc822-chain", rfc822Chain(to, 30));
            add("mime-bad-charset", simple(to, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"\u0000x\"\r\n"
                    + "Content-Transfer-Encoding: x-unknown\r\nSubject: cs", id()));
            add("bare-lf", ascii(new String(simple(to, "Subject: lf", id()), StandardCharsets.ISO_8859_1).replace("\r\n", "\n")));
            add("bare-cr", ascii(new String(simple(to, "Subject: cr", id()), StandardCharsets.ISO_8859_1).replace("\r\n", "\r")));
            add("mixed-line-ends", ascii("X-Original-To: " + to + "\nFrom: " + sender() + "\r\nSubject: mix\rX-A: b\r\n"
                    + "Message-ID: " + id() + "\n\r\nbody\rmore\nend\r\n"));
            add("nul-in-headers", ascii("X-Original-To: " + to + "\r\nFrom: " + sender() + "\r\nSub\u0000ject: x\r\n"
                    + "Message-ID: " + id() + "\u0000\r\n\u0000: v\r\n\r\nbody\u0000\r\n"));
            add("garbage-after-headers", concat(simple(to, "Subject: g", id()), bytes(50_000)));
            add("garbage-8bit-headers", concat(ascii("X-Original-To: " + to + "\r\nFrom: " + sender() + "\r\nSubject: "),
                    bytes(200), ascii("\r\nMessage-ID: " + id() + "\r\n\r\nbody\r\n")));
            add("utf8-raw-headers", simple(to, "Subject: \u0633\u0644\u0627\u0645 \u0000 \u00ff raw", id()));
            add("latin1-raw-subject", concat(ascii("X-Original-To: " + to + "\r\nFrom: " + sender() + "\r\nSubject: "),
                    new byte[] {(byte) 0xe9, (byte) 0xe8, (byte) 0xff, (byte) 0x85}, ascii("\r\nMessage-ID: " + id() + "\r\n\r\nb\r\n")));
            add("bounce-hostile", message(to, "Subject: " + "\u0000undeliverable ".repeat(2000) + "\r\nMessage-ID: "
                    + "<a\u0000b@x>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n",
                    "--r\r\n\r\nfailed\r\n--r--\r\n", "MAILER-DAEMON@mx.example"));
            add("complaint-hostile", message("complaints@responder.test", "Subject: =?utf-8?q?abuse=0D=0ABcc:_x@y?=\r\n"
                    + "Message-ID: " + id() + "\r\n", "complaint\r\n"));
            add("empty-subject-no-id", ascii("X-Original-To: " + to + "\r\nFrom: " + sender() + "\r\nSubject:\r\n\r\n"));
            add("headers-only-no-blank-line", ascii("X-Original-To: " + to + "\r\nFrom: " + sender() + "\r\nSubject: x"));
        }
        for (int i = 0; i < 40; i++) {
            add("binary-garbage-" + i, bytes(1 + random.nextInt(20_000)));
            add("garbage-headers-" + i, concat(ascii("X-Original-To: " + SERVED[i % 3] + "\r\nFrom: " + sender() + "\r\n"),
                    bytes(1 + random.nextInt(2000)), ascii("\r\n\r\nbody\r\n")));
        }
        // 20,000 folds: Jakarta Mail's MimeUtility.unfold, which the parser uses, is quadratic in the number of
        // folds (100,000 take about 40 s), so the suite keeps this one moderate
        add("folded-20k", simple("get@responder.test", "Subject: start" + "\r\n continued".repeat(20_000), id()));
        add("empty-file", new byte[0]);
        add("only-crlf", ascii("\r\n\r\n"));
        if (large) {
            for (int mb : new int[] {1, 4}) {
                add("subject-" + mb + "mb", simple("get@responder.test", "Subject: " + "x ".repeat(mb * 512 * 1024), id()));
            }
            add("subject-7.5mb-one-word", simple("android@responder.test", "Subject: " + "w".repeat(7_500_000), id()));
            add("encoded-word-bomb-4mb", simple("android@responder.test", "Subject: "
                    + "=?utf-8?b?8J+YgA==?= ".repeat(200_000), id()));
            add("references-4mb", simple("android@responder.test", "References: " + refs(150_000, ""), id()));
            add("bounce-7mb-subject", message("get@responder.test", "Subject: " + "bounce ".repeat(1_000_000)
                    + "\r\nMessage-ID: " + id() + "\r\n", "x\r\n", "MAILER-DAEMON@mx.example"));
            add("oversized-9mb", simple("get@responder.test", "Subject: big\r\nX-Pad: " + "p".repeat(9_000_000), id()));
        }
    }

    private void add(String name, byte[] bytes) {
        cases.add(new Case(String.format("hostile-%03d-%s", n++, name), bytes));
    }

    private String sender() {
        return "h" + n + "." + random.nextInt(1_000_000) + "@mail.example";
    }

    private String id() {
        return "<h" + n + "." + random.nextInt(1_000_000) + "@mail.example>";
    }

    private byte[] simple(String to, String headers, String messageId) {
        return message(to, headers + "\r\nMessage-ID: " + messageId + "\r\n", "please send the links\r\n");
    }

    private byte[] message(String to, String headers, String body) {
        return message(to, headers, body, sender());
    }

    private static byte[] message(String to, String headers, String body, String from) {
        return (("X-Original-To: " + to + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
                + headers + (headers.endsWith("\r\n") ? "" : "\r\n") + "\r\n" + body)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] nested(String to, int depth, boolean closed) {
        StringBuilder sb = new StringBuilder("MIME-Version: 1.0\r\n");
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (int i = depth - 1; i >= 0 && closed; i--) {
            sb.append("--b").append(i).append("--\r\n");
        }
        String s = sb.toString();
        int split = s.indexOf("\r\n\r\n");
        return message(to, "Subject: deep\r\nMessage-ID: " + id() + "\r\n" + s.substring(0, split + 2), s.substring(split + 4));
    }

    private byte[] manyParts(String to, int parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            body.append("--p\r\nContent-Type: text/plain\r\n\r\n").append(i).append("\r\n");
        }
        body.append("--p--\r\n");
        return message(to, "Subject: parts\r\nMessage-ID: " + id() + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"p\"\r\n", body.toString());
    }

    private byte[] rfc822Chain(String to, int depth) {
        String inner = "From: in@x.example\r\nSubject: in\r\n\r\ninner\r\n";
        for (int i = 0; i < depth; i++) {
            inner = "From: in@x.example\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n" + inner;
        }
        int split = inner.indexOf("\r\n\r\n");
        return message(to, "Subject: chain\r\nMessage-ID: " + id() + "\r\n" + inner.substring(inner.indexOf("MIME-Version"), split + 2),
                inner.substring(split + 4));
    }

    private static String refs(int count, String poison) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : " ").append("<ref").append(i).append(poison).append("@x.example>");
        }
        return sb.toString();
    }

    private static String addresses(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append("victim").append(i).append("@target.example");
        }
        return sb.toString();
    }

    private byte[] bytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
