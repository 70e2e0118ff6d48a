package io.zerone.insights.query;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;

/** Wraps the application's R2DBC connection factory and records every statement it executes. */
@TestConfiguration(proxyBeanMethods = false)
public class QueryCounter implements BeanPostProcessor, ProxyExecutionListener {

    private final List<String> executed = new CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof ConnectionFactory factory
                ? ProxyConnectionFactory.builder(factory).listener(this).build()
                : bean;
    }

    @Override
    public void afterQuery(QueryExecutionInfo execution) {
        execution.getQueries().stream().map(QueryInfo::getQuery).forEach(executed::add);
    }

    public void reset() {
        executed.clear();
    }

    /** How many executed statements contain the fragment. */
    public long count(String fragment) {
        return executed.stream().filter(sql -> sql.contains(fragment)).count();
    }
}
