package org.mailresponder.app;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;

/**
 * Binds the beans of every area's configuration class ({@code @BindToRegistry} methods), in {@link #AREAS} order,
 * once per context. The area classes are no {@link CamelConfiguration}s themselves: Camel orders the methods within
 * one class only roughly and finds configurations by package scanning in no set order, so the order in which one
 * area's beans can take another's as parameters is stated here, once.
 */
public final class ServiceBeans implements CamelConfiguration {

    /** The configuration classes, in the order their beans are made: each binds what later ones take. */
    public static final List<Class<?>> AREAS = List.of(DatabaseBeans.class, S3Beans.class, ConfigBeans.class,
            LimitBeans.class, ScreenBeans.class, ComposeBeans.class, DeliveryBeans.class, ReportBeans.class,
            LedgerBeans.class, IngestBeans.class, ProbeBeans.class, RouteStepBeans.class);

    @Override
    public void configure(CamelContext camelContext) {
        if (camelContext.getRegistry().lookupByName(ServiceBeans.class.getName()) != null) {
            return; // an instance found by base-package scanning, besides ResponderService's
        }
        camelContext.getRegistry().bind(ServiceBeans.class.getName(), this);
        AREAS.forEach(area -> bind(camelContext, area));
    }

    /** Binds the beans of one configuration class. */
    static void bind(CamelContext camelContext, Class<?> area) {
        try {
            Object configuration = area.getDeclaredConstructor().newInstance();
            CamelBeanPostProcessor beans = PluginHelper.getBeanPostProcessor(camelContext);
            beans.postProcessBeforeInitialization(configuration, area.getSimpleName());
            beans.postProcessAfterInitialization(configuration, area.getSimpleName());
        } catch (Exception e) {
            throw beanFailure(e);
        }
    }

    /** What a bean method threw, not Camel's reflection wrappers around it (the CLI prints one message). */
    private static RuntimeException beanFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvocationTargetException ite && ite.getTargetException() != null) {
                Throwable cause = ite.getTargetException();
                return cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
