package org.mailresponder.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ExpressionAdapter;

/**
 * A route step on the request path as a plain Java call: the YAML names it ({@code ref: screenVerdict},
 * {@code process: {ref: recordOutcome}}), the wiring binds it. A {@code method:} call or a simple expression with
 * method calls parses its arguments and binds the bean by reflection on every exchange; these do neither.
 *
 * <p>A checked exception from the call reaches the error handler wrapped in {@link RuntimeCamelException}, as
 * Camel's own bean calls wrap it, so the failure classifier and the {@code onException} clauses see it as before.
 */
public final class TypedStep {

    /** What the step computes from the exchange. */
    @FunctionalInterface
    public interface Call<R> {
        R apply(Exchange exchange) throws Exception;
    }

    /** What the step does with the exchange. */
    @FunctionalInterface
    public interface Action {
        void run(Exchange exchange) throws Exception;
    }

    private TypedStep() {
    }

    /** A value for {@code setProperty}, {@code setBody}, {@code setHeader} or {@code split}, as {@code ref: name}. */
    public static Expression expression(String name, Call<?> call) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return invoke(call, exchange);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A condition for {@code filter} or {@code choice}, as {@code ref: name}. */
    public static Predicate predicate(String name, Call<Boolean> call) {
        return new Predicate() {
            @Override
            public boolean matches(Exchange exchange) {
                return Boolean.TRUE.equals(invoke(call, exchange));
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A step for {@code process: {ref: name}}. */
    public static Processor processor(String name, Action action) {
        return new Processor() {
            @Override
            public void process(Exchange exchange) throws Exception {
                action.run(exchange);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** An exchange property the routes set before this step (already of that type, so no conversion runs). */
    public static <T> T property(Exchange exchange, String name, Class<T> type) {
        return exchange.getProperty(name, type);
    }

    private static Object invoke(Call<?> call, Exchange exchange) {
        try {
            return call.apply(exchange);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeCamelException(e);
        }
    }
}
