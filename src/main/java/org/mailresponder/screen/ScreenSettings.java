package org.mailresponder.screen;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.Set;
import java.util.regex.Pattern;

import org.mailresponder.config.CommaList;

/**
 * The lists the screen rules use, from the {@code responder.screen.*} properties; the README's screen section
 * explains each.
 */
public record ScreenSettings(String complaintsAddress, Set<String> responderAddresses, Set<String> bounceSenders,
                             LocalParts deliverySystemSenders, LocalParts daemonReturnPaths,
                             Pattern noreplyLocalPart, HeaderTests autoresponderHeaders, Set<String> listHeaders,
                             Set<String> bulkPrecedence, Set<String> complaintMarkerHeaders,
                             Pattern readReceiptSubjects, Pattern autoReplySubjects, Pattern challengeSubjects,
                             Pattern deliveryFailureSubjects) {

    /**
     * The settings from the texts of the {@code responder.screen.*} properties, by name without the prefix
     * ({@code noreply-pattern}, {@code bounce-senders}, …); {@code application.properties} states every default.
     */
    public static ScreenSettings from(String complaintsAddress, Set<String> responderAddresses,
                                      Function<String, String> property) {
        return new ScreenSettings(complaintsAddress, responderAddresses, CommaList.parse(property.apply("bounce-senders")),
                LocalParts.parse(property.apply("delivery-system-senders")),
                LocalParts.parse(property.apply("daemon-return-paths")),
                Pattern.compile(property.apply("noreply-pattern"), Pattern.CASE_INSENSITIVE),
                HeaderTests.parse(property.apply("autoresponder-headers")),
                CommaList.parse(property.apply("list-headers")), CommaList.parse(property.apply("bulk-precedence")),
                CommaList.parse(property.apply("complaint-marker-headers")),
                subjects(property.apply("read-receipt-subjects")), subjects(property.apply("auto-reply-subjects")),
                subjects(property.apply("challenge-subjects")), subjects(property.apply("delivery-failure-subjects")));
    }

    /** The packaged defaults (the jar's {@code application.properties}), for a screen built without properties. */
    public static ScreenSettings defaults(String complaintsAddress, Set<String> responderAddresses) {
        Properties packaged = new Properties();
        try (InputStream in = ScreenSettings.class.getResourceAsStream("/application.properties")) {
            packaged.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read the packaged application.properties", e);
        }
        return from(complaintsAddress, responderAddresses,
                name -> packaged.getProperty("responder.screen." + name, "").strip());
    }

    /** The defaults with these senders. */
    public static ScreenSettings defaults(String complaintsAddress, Set<String> responderAddresses,
                                          Set<String> bounceSenders, Pattern noreplyLocalPart) {
        ScreenSettings d = defaults(complaintsAddress, responderAddresses);
        return new ScreenSettings(d.complaintsAddress, d.responderAddresses, bounceSenders, d.deliverySystemSenders,
                d.daemonReturnPaths, noreplyLocalPart, d.autoresponderHeaders, d.listHeaders, d.bulkPrecedence,
                d.complaintMarkerHeaders, d.readReceiptSubjects, d.autoReplySubjects, d.challengeSubjects,
                d.deliveryFailureSubjects);
    }

    public ScreenSettings {
        complaintsAddress = complaintsAddress.toLowerCase(Locale.ROOT);
        responderAddresses = lower(responderAddresses);
        bounceSenders = lower(bounceSenders);
        listHeaders = lower(listHeaders);
        bulkPrecedence = lower(bulkPrecedence);
        complaintMarkerHeaders = lower(complaintMarkerHeaders);
    }

    /** A subject pattern property: case-insensitive, Unicode-aware; empty means the rule is off. */
    public static Pattern subjects(String regex) {
        return regex == null || regex.isBlank() ? null
                : Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static Set<String> lower(Set<String> s) {
        return Set.copyOf(s.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList());
    }
}
