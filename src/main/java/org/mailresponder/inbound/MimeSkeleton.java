package org.mailresponder.inbound;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the screen needs to know about a request's MIME tree: the media types in it, the report types of its
 * {@code multipart/report} parts, and the headers of the messages it carries as attachments. Attached messages are
 * read for their headers only; their own structure is not part of the request's.
 *
 * @param mediaTypes       lower-case {@code type/subtype} of every entity in the request's own tree (bounded)
 * @param reportTypes      the {@code report-type} of each {@code multipart/report}, lower-case; empty string when absent
 * @param attachedHeaders  for each attached {@code message/rfc822} or {@code text/rfc822-headers} part (the first
 *                         few), its header names (lower-case) to their first raw value
 * @param problem          why the tree cannot be trusted (truncated, nested too deep), or null
 */
public record MimeSkeleton(Set<String> mediaTypes, Set<String> reportTypes,
                           List<Map<String, String>> attachedHeaders, String problem) {

    public static final MimeSkeleton EMPTY = new MimeSkeleton(Set.of(), Set.of(), List.of(), null);

    public MimeSkeleton {
        mediaTypes = Set.copyOf(mediaTypes);
        reportTypes = Set.copyOf(reportTypes);
        attachedHeaders = List.copyOf(attachedHeaders);
    }

    public boolean has(String mediaType) {
        return mediaTypes.contains(mediaType);
    }
}
