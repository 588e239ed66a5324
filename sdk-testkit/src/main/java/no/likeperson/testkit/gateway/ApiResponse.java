package no.likeperson.testkit.gateway;

import java.util.Map;

/** Status, headers and body (null: none) of one answer. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {}
