package dev.aurorajca.itsupport.client;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the test WAR's servlets from client-side tests. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    public static String get(URL base, String pathAndQuery) throws IOException, InterruptedException {
        return send(base, pathAndQuery, "GET");
    }

    public static String post(URL base, String pathAndQuery) throws IOException, InterruptedException {
        return send(base, pathAndQuery, "POST");
    }

    private static String send(URL base, String pathAndQuery, String method) throws IOException, InterruptedException {
        URI uri = URI.create(base.toExternalForm().replaceAll("/$", "") + "/" + pathAndQuery.replaceAll("^/", ""));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> resp = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException(method + " " + uri + " answered " + resp.statusCode() + ": " + resp.body());
        }
        return resp.body();
    }
}
