package io.zerone.insights.ingest.publishing;

public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
