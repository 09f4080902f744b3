package org.mailresponder.inbound;

/**
 * Verifies a DKIM signature in-process when the MTA recorded no result ({@code dkim=none}) but the mail is signed.
 */
public interface InboundDkimVerifier {

    /** Never verifies: a signed mail the MTA did not check counts as unsigned. */
    InboundDkimVerifier NONE = (raw, senderDomain) -> AuthenticationResults.DkimStatus.NONE;

    AuthenticationResults.DkimStatus verify(byte[] raw, String senderDomain);
}
