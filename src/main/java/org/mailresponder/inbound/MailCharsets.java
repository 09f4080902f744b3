package org.mailresponder.inbound;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the Java charset for a charset name as mail clients write it. Clients use names the JDK does not know
 * ({@code utf-7}, {@code iso-8859-8-i}, {@code ks_c_5601-1987}, {@code x-}-prefixed variants) or labels a superset
 * would decode better ({@code gb2312} text is usually GBK, {@code iso-8859-1} usually windows-1252), as web browsers
 * also treat them.
 */
public final class MailCharsets {

    /** Longer names are not charset names; refusing them early keeps hostile labels cheap. */
    private static final int MAX_NAME = 64;

    private static final Charset UTF_7 = new com.beetstra.jutf7.CharsetProvider().charsetForName("UTF-7");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            // Hebrew and Arabic visual/logical ordering markers: same bytes
            Map.entry("iso-8859-8-i", "ISO-8859-8"), Map.entry("iso-8859-8-e", "ISO-8859-8"),
            Map.entry("iso-8859-6-i", "ISO-8859-6"), Map.entry("iso-8859-6-e", "ISO-8859-6"),
            Map.entry("logical", "ISO-8859-8"), Map.entry("visual", "ISO-8859-8"),
            // Korean: Outlook's ks_c_5601-1987 is CP949, a superset of EUC-KR
            Map.entry("ks_c_5601-1987", "x-windows-949"), Map.entry("ks_c_5601-1989", "x-windows-949"),
            Map.entry("ks_c_5601", "x-windows-949"), Map.entry("ksc5601", "x-windows-949"),
            Map.entry("ksc_5601", "x-windows-949"), Map.entry("korean", "x-windows-949"),
            Map.entry("csksc56011987", "x-windows-949"), Map.entry("euc-kr", "x-windows-949"),
            Map.entry("cp949", "x-windows-949"), Map.entry("uhc", "x-windows-949"),
            // Chinese: GB2312 labels usually carry GBK text
            Map.entry("gb2312", "GBK"), Map.entry("gb_2312-80", "GBK"), Map.entry("csgb2312", "GBK"),
            Map.entry("chinese", "GBK"), Map.entry("cp936", "GBK"), Map.entry("euc-cn", "GBK"),
            Map.entry("big5", "Big5-HKSCS"), Map.entry("cn-big5", "Big5-HKSCS"), Map.entry("big5hkscs", "Big5-HKSCS"),
            // Japanese: Windows' Shift_JIS is CP932
            Map.entry("shift_jis", "windows-31j"), Map.entry("shift-jis", "windows-31j"),
            Map.entry("sjis", "windows-31j"), Map.entry("ms_kanji", "windows-31j"), Map.entry("cp932", "windows-31j"),
            Map.entry("iso-2022-jp-2", "ISO-2022-JP"), Map.entry("iso-2022-jp-3", "ISO-2022-JP"),
            // Western: labels of ISO-8859-1 and ASCII usually carry windows-1252 text
            Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"), Map.entry("latin-1", "windows-1252"),
            Map.entry("us-ascii", "windows-1252"), Map.entry("ascii", "windows-1252"),
            Map.entry("ansi_x3.4-1968", "windows-1252"), Map.entry("cp819", "windows-1252"),
            Map.entry("utf8", "UTF-8"), Map.entry("unicode-1-1-utf-8", "UTF-8"),
            Map.entry("macintosh", "x-MacRoman"), Map.entry("mac", "x-MacRoman"),
            Map.entry("mac-cyrillic", "x-MacCyrillic"),
            Map.entry("cp-1250", "windows-1250"), Map.entry("cp-1251", "windows-1251"),
            Map.entry("cp-1252", "windows-1252"), Map.entry("cp-1256", "windows-1256"),
            Map.entry("tis-620", "x-windows-874"), Map.entry("windows-874", "x-windows-874"),
            Map.entry("iso-8859-11", "x-windows-874"));

    private MailCharsets() {
    }

    /** The charset for a MIME charset label (RFC 2231 language suffix allowed), or null when none fits. */
    public static Charset forName(String label) {
        if (label == null) {
            return null;
        }
        String name = label.strip();
        int star = name.indexOf('*');
        if (star >= 0) {
            name = name.substring(0, star);
        }
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return null;
        }
        Charset found = lookup(name);
        if (found == null && name.startsWith("x-")) {
            found = lookup(name.substring(2));
        }
        if (found == null && name.startsWith("cp") && name.length() > 2 && Character.isDigit(name.charAt(2))) {
            found = lookup("windows-" + name.substring(2));
        }
        return found;
    }

    /** Names found before: the JDK's lookup of an unknown name scans every charset provider on the class path. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Charset>> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_SIZE = 512;

    private static Charset lookup(String name) {
        java.util.Optional<Charset> cached = CACHE.get(name);
        if (cached != null) {
            return cached.orElse(null);
        }
        Charset found = uncachedLookup(name);
        if (CACHE.size() < CACHE_SIZE) {
            CACHE.put(name, java.util.Optional.ofNullable(found));
        }
        return found;
    }

    private static Charset uncachedLookup(String name) {
        if (name.equals("utf-7") || name.equals("unicode-1-1-utf-7") || name.equals("csunicode11utf7")) {
            return UTF_7;
        }
        String alias = ALIASES.get(name);
        try {
            return Charset.forName(alias != null ? alias : name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    /** Charset for a label, UTF-8 when the label is unknown. */
    public static Charset orUtf8(String label) {
        Charset c = forName(label);
        return c == null ? StandardCharsets.UTF_8 : c;
    }
}
