package org.mailresponder.inbound;

/** What the screen decided about a request, with a human-readable detail for the log. */
public record Verdict(Disposition disposition, ScreenReason reason, String detail) {

    public enum Disposition { ANSWER, REJECT, FORWARD }

    public static final Verdict ANSWER = new Verdict(Disposition.ANSWER, null, null);

    public static Verdict reject(ScreenReason reason, String detail) {
        return new Verdict(Disposition.REJECT, reason, detail);
    }

    public static Verdict forward(ScreenReason reason, String detail) {
        return new Verdict(Disposition.FORWARD, reason, detail);
    }

    public boolean answer() {
        return disposition == Disposition.ANSWER;
    }

    public boolean forward() {
        return disposition == Disposition.FORWARD;
    }

    /** The outcome code: {@code answered}, or the reason's code. */
    public String outcome() {
        return reason == null ? "answered" : reason.code();
    }
}
