package org.mailresponder.admin;

import javax.sql.DataSource;

import org.apache.camel.ProducerTemplate;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.config.AttachmentCheck;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.screen.RequestIntake;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What an admin command needs from the service, built from the same properties ({@link ResponderProperties}) by
 * the composition root ({@link Host#environment()}). Commands that only touch the rate-limit tables get a light
 * path (pool, schema, hash key); commands that must behave exactly like the service ({@code preview},
 * {@code postfix-maps}, {@code send}) get the service's own beans, made without starting any route.
 */
public interface AdminEnvironment extends AutoCloseable {

    /** The service's beans a command uses; looked up by the names the routes use. */
    record Services(ResponderConfigHolder configHolder, RequestIntake intake, AnswerComposer composer,
                    AnswerSigner signer, DeliveryMethods deliveryMethods, SenderLimits senderLimits,
                    SenderIdentity senderIdentity, RequestLedger requestLedger) {
    }

    /** The environment of the command line {@code spec} belongs to. */
    static AdminEnvironment of(CommandSpec spec) {
        return ResponderCommand.host(spec).environment();
    }

    /** Replaces one property for this command only (e.g. the config location being validated). */
    AdminEnvironment with(String key, String value);

    /** A property as the service reads it (application.properties states every default). */
    String property(String key);

    /** The database with the current schema. */
    DataSource database();

    /** The config at {@code location} as the service would load it, with no database. */
    ResponderConfigHolder configHolder(String location);

    ResponderConfigParser parser();

    /** What the service checks before it puts a config in force. */
    AttachmentCheck attachmentCheck();

    SenderLists senderLists();

    SenderIdentity senderIdentity();

    SenderLimits senderLimits();

    RecipientBounds recipientBounds();

    Services services() throws Exception;

    /** The service's delivery routes ({@code direct:} only), started in this command's context. */
    ProducerTemplate deliveryRoutes() throws Exception;

    @Override
    void close();
}
