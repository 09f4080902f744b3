package org.mailresponder.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the responder config in the seed's list format ({@code [{"email_addr", "body", "attachments"}]}) or the
 * older object format keyed by address with a single {@code attachment_bucket}. Every problem is reported with the
 * entry and field it concerns, because an operator fixes the file by hand.
 */
public class ResponderConfigParser {

    private static final Logger LOG = LoggerFactory.getLogger(ResponderConfigParser.class);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final String legacyAttachmentKey;
    private final String legacyAttachmentFilename;

    public ResponderConfigParser(String legacyAttachmentKey, String legacyAttachmentFilename) {
        this.legacyAttachmentKey = legacyAttachmentKey;
        this.legacyAttachmentFilename = legacyAttachmentFilename;
    }

    public ResponderConfig parse(byte[] json, String version) throws ConfigValidationException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigValidationException("config is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new ConfigValidationException("config cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigValidationException("config is empty");
        }
        List<ConfigEntry> entries;
        if (root.isArray()) {
            entries = parseList(root);
        } else if (root.isObject()) {
            LOG.warn("Responder config uses the legacy object format (address -> {{body, attachment_bucket}}); "
                    + "convert it to the list format, which allows several entries per address");
            entries = parseLegacy(root);
        } else {
            throw new ConfigValidationException("config must be a JSON list of entries (or the legacy object)");
        }
        if (entries.isEmpty()) {
            throw new ConfigValidationException("config has no entries");
        }
        return new ResponderConfig(version == null ? digest(json) : version, Instant.now(), entries);
    }

    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConfigEntry> parseList(JsonNode root) throws ConfigValidationException {
        List<ConfigEntry> entries = new ArrayList<>();
        Map<String, Integer> perAddress = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = "entry #" + (i + 1);
            if (!node.isObject()) {
                throw new ConfigValidationException(where + ": must be an object");
            }
            String address = address(node.get("email_addr"), where);
            where = where + " (" + address + ")";
            checkKnownFields(node, where, "email_addr", "body", "attachments", "send_method");
            List<BodyPart> body = body(node.get("body"), where);
            List<AttachmentRef> attachments = attachments(node.get("attachments"), where);
            SendMethod method = sendMethod(node.get("send_method"), where);
            int index = perAddress.merge(address, 1, Integer::sum) - 1;
            entries.add(new ConfigEntry(address, index, body, attachments, method));
        }
        return entries;
    }

    private List<ConfigEntry> parseLegacy(JsonNode root) throws ConfigValidationException {
        List<ConfigEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = "entry \"" + field.getKey() + "\"";
            String address = address(mapper.getNodeFactory().textNode(field.getKey()), where);
            JsonNode node = field.getValue();
            if (!node.isObject()) {
                throw new ConfigValidationException(where + ": must be an object with body and attachment_bucket");
            }
            checkKnownFields(node, where, "body", "attachment_bucket");
            List<BodyPart> body = body(node.get("body"), where);
            JsonNode bucket = node.get("attachment_bucket");
            List<AttachmentRef> attachments = List.of();
            if (bucket != null && !bucket.isNull()) {
                if (!bucket.isTextual() || bucket.asText().isBlank()) {
                    throw new ConfigValidationException(where + ": field attachment_bucket must be a bucket name or null");
                }
                attachments = List.of(new AttachmentRef(bucket.asText(), legacyAttachmentKey, legacyAttachmentFilename));
            }
            entries.add(new ConfigEntry(address, 0, body, attachments, SendMethod.DEFAULT));
        }
        return entries;
    }

    private static void checkKnownFields(JsonNode node, String where, String... known) throws ConfigValidationException {
        List<String> allowed = List.of(known);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigValidationException(where + ": unknown field \"" + name + "\" (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String address(JsonNode node, String where) throws ConfigValidationException {
        if (node == null || !node.isTextual()) {
            throw new ConfigValidationException(where + ": field email_addr is missing or not a string");
        }
        String address = node.asText().trim();
        if (!ADDRESS.matcher(address).matches()) {
            throw new ConfigValidationException(where + ": field email_addr \"" + address + "\" is not an address");
        }
        if (!address.equals(address.toLowerCase(Locale.ROOT))) {
            throw new ConfigValidationException(where + ": field email_addr \"" + address
                    + "\" must be lower-case (requested addresses are matched lower-cased)");
        }
        return address;
    }

    private static List<BodyPart> body(JsonNode node, String where) throws ConfigValidationException {
        if (node == null || node.isNull()) {
            throw new ConfigValidationException(where + ": field body is missing");
        }
        if (node.isTextual()) {
            return List.of(new BodyPart(BodyPart.Kind.PLAIN, node.asText()));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new ConfigValidationException(where + ": field body must be a string or a non-empty list of "
                    + "[\"plain\"|\"html\", text] pairs");
        }
        List<BodyPart> parts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode pair = node.get(i);
            String at = where + ": field body[" + i + "]";
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new ConfigValidationException(at + " must be a [mimetype, text] pair of strings");
            }
            BodyPart.Kind kind = switch (pair.get(0).asText().toLowerCase(Locale.ROOT)) {
                case "plain" -> BodyPart.Kind.PLAIN;
                case "html" -> BodyPart.Kind.HTML;
                default -> throw new ConfigValidationException(at + " has mimetype \"" + pair.get(0).asText()
                        + "\"; use \"plain\" or \"html\"");
            };
            if (parts.stream().anyMatch(p -> p.kind() == kind)) {
                throw new ConfigValidationException(at + " repeats mimetype \"" + pair.get(0).asText() + "\"");
            }
            parts.add(new BodyPart(kind, pair.get(1).asText()));
        }
        return parts;
    }

    private static List<AttachmentRef> attachments(JsonNode node, String where) throws ConfigValidationException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigValidationException(where + ": field attachments must be null or a list of "
                    + "[bucket, key, filename] triples");
        }
        List<AttachmentRef> refs = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String at = where + ": field attachments[" + i + "]";
            if (!t.isArray() || t.size() != 3) {
                throw new ConfigValidationException(at + " must be a [bucket, key, filename] triple");
            }
            for (int j = 0; j < 3; j++) {
                if (!t.get(j).isTextual() || t.get(j).asText().isBlank()) {
                    throw new ConfigValidationException(at + "[" + j + "] must be a non-empty string");
                }
            }
            String filename = t.get(2).asText();
            if (filename.contains("/") || filename.contains("\\") || filename.contains("\"")) {
                throw new ConfigValidationException(at + " filename \"" + filename + "\" must not contain / \\ or \"");
            }
            String key = t.get(1).asText();
            if (key.contains("..")) {
                throw new ConfigValidationException(at + " key \"" + key + "\" must not contain ..");
            }
            refs.add(new AttachmentRef(t.get(0).asText(), key, filename));
        }
        return refs;
    }

    private static SendMethod sendMethod(JsonNode node, String where) throws ConfigValidationException {
        if (node == null || node.isNull()) {
            return SendMethod.DEFAULT;
        }
        try {
            SendMethod m = SendMethod.parse(node.asText());
            if (m == SendMethod.DEFAULT) {
                throw new IllegalArgumentException();
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(where + ": field send_method \"" + node.asText()
                    + "\" must be SES, SMTP or OUTBOX");
        }
    }
}
