package org.mailresponder.inbound;

/** What the screen decided about a request, with a human-readable detail for the log. */
public record Verdict(Disposition disposition, ScreenReason reason, String detail) {

    /**
     * ANSWER it; REJECT it (count, log, no mail); FORWARD it to the admins; FAIL: it could not be answered and no
     * rule recognised it, so it goes to {@code failed/} with the detail as its reason.
     */
    public enum Disposition { ANSWER, REJECT, FORWARD, FAIL }

    public static final Verdict ANSWER = new Verdict(Disposition.ANSWER, null, null);

    public static Verdict reject(ScreenReason reason, String detail) {
        return new Verdict(Disposition.REJECT, reason, detail);
    }

    public static Verdict forward(ScreenReason reason, String detail) {
        return new Verdict(Disposition.FORWARD, reason, detail);
    }

    public static Verdict fail(String detail) {
        return new Verdict(Disposition.FAIL, ScreenReason.MALFORMED, detail);
    }

    public boolean answer() {
        return disposition == Disposition.ANSWER;
    }

    public boolean forward() {
        return disposition == Disposition.FORWARD;
    }

    /** The request's outcome: answered, or the reason's. */
    public Outcome outcome() {
        return reason == null ? Outcome.ANSWERED : reason.outcome();
    }
}
