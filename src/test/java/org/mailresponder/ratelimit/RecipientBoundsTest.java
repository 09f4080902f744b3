package org.mailresponder.ratelimit;

import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientBoundsTest {

    @Test
    void domainsAreCountedByRegistrableDomain() {
        assertThat(RecipientBounds.recipientDomain("a@mx1.victim.com")).isEqualTo("victim.com");
        assertThat(RecipientBounds.recipientDomain("a@deep.mx2.Victim.COM.")).isEqualTo("victim.com");
        assertThat(RecipientBounds.recipientDomain("a@victim.co.uk")).isEqualTo("victim.co.uk");
        assertThat(RecipientBounds.recipientDomain("a@mail.victim.co.uk")).isEqualTo("victim.co.uk");
        assertThat(RecipientBounds.recipientDomain("a@ut.ac.ir")).isEqualTo("ut.ac.ir");
        assertThat(RecipientBounds.recipientDomain("A.B+x@googlemail.com")).isEqualTo("gmail.com");
        assertThat(RecipientBounds.recipientDomain("a@x.victim.example")).isEqualTo("victim.example");
        assertThat(RecipientBounds.recipientDomain("a@localhost")).isEqualTo("localhost");
        String literal = RecipientBounds.recipientDomain("a@[" + "9".repeat(400) + "]");
        assertThat(literal).hasSize(253);
    }

    @Test
    void busyCountersAreSplitIntoSlotsThatAddUpToTheCap() {
        assertThat(RecipientBounds.slots(200)).isEqualTo(1);
        assertThat(RecipientBounds.slots(5000)).isEqualTo(5);
        assertThat(RecipientBounds.slots(100_000)).isEqualTo(RecipientBounds.MAX_SLOTS);
        for (int cap : new int[] {999, 1000, 5003, 100_000, 100_007}) {
            RecipientBounds b = new RecipientBounds(0, Set.of(), 0, cap, 0);
            int slots = RecipientBounds.slots(cap);
            int[] shares = new int[slots];
            IntStream.range(0, 20_000).mapToObj(i -> Integer.toHexString(i * 7919)).forEach(id -> {
                RecipientBounds.Counter c = b.globalCounter(id);
                int slot = c.key().contains("#") ? Integer.parseInt(c.key().substring(c.key().indexOf('#') + 1)) : 0;
                shares[slot] = c.share();
            });
            assertThat(IntStream.of(shares).sum()).as("cap " + cap).isEqualTo(cap);
            assertThat(IntStream.of(shares).min().getAsInt()).as("every slot is used").isPositive();
        }
    }

    @Test
    void onlySharedProvidersAreSlottedAndCapsOfZeroMeanNone() {
        RecipientBounds b = new RecipientBounds(50, Set.of("gmail.com"), 40_000, 0, 0);
        assertThat(b.domainCounter("small.example", "ab12")).isEqualTo(new RecipientBounds.Counter("domain:small.example", 50));
        assertThat(b.domainCounter("gmail.com", "ab12").key()).startsWith("domain:gmail.com#");
        assertThat(b.domainCap("gmail.com")).isEqualTo(40_000);
        assertThat(b.globalCounter("ab12")).isNull();
        assertThat(b.forwardCounter()).isNull();
        assertThat(new RecipientBounds(0, Set.of(), 0, 0, 0).domainCounter("x.example", "ab")).isNull();
    }
}
