package org.mailresponder.screen;

import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;

/** Parses and screens requests against the config in force; what the ingest routes call. */
public class RequestIntake {

    private final RequestParser parser;
    private final RequestScreen screen;
    private final ResponderConfigHolder config;

    public RequestIntake(RequestParser parser, RequestScreen screen, ResponderConfigHolder config) {
        this.parser = parser;
        this.screen = screen;
        this.config = config;
    }

    public InboundRequest parse(byte[] raw) throws MalformedRequestException {
        ResponderConfig current = config.current();
        return parser.parse(raw, current::serves);
    }

    /** The entries to send, taken from one config snapshot so a reload mid-request cannot mix versions. */
    public AnswerPlan plan(InboundRequest request) {
        ResponderConfig current = config.current();
        return new AnswerPlan(current.version(), current.entriesFor(request.requestedAddress()));
    }

    public Verdict screen(InboundRequest request) {
        return screen.screen(request, config.current());
    }
}
