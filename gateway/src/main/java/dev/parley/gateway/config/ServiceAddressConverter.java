package dev.parley.gateway.config;

import java.net.URI;

import org.eclipse.microprofile.config.spi.Converter;

/** Reads a service base URL such as {@code http://127.0.0.1:8181}, refusing anything the gateway cannot honour. */
public class ServiceAddressConverter implements Converter<ServiceAddress> {

    @Override
    public ServiceAddress convert(String value) {
        URI url;
        try {
            url = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String path = url.getRawPath();
        boolean noPath = path == null || path.isEmpty() || path.equals("/");
        // Request paths pass through unchanged, so a base path or query would silently be ignored: refuse them.
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || !noPath || url.getRawQuery() != null) {
            throw invalid();
        }
        return new ServiceAddress(url.getHost(), url.getPort() == -1 ? 80 : url.getPort());
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("expected a service base URL like http://host:port, without path or query");
    }
}
