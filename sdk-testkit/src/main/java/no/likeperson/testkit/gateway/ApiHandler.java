package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;

/** What every handler behind the {@link Router} works with. */
abstract class ApiHandler {
  final GatewayConfig config;
  final Supplier<SchemaCache> cache;
  final ObjectMapper json;
  final TransactionRunner runner;
  final ResponseParts parts;

  ApiHandler(
      GatewayConfig config,
      Supplier<SchemaCache> cache,
      ObjectMapper json,
      TransactionRunner runner,
      ResponseParts parts) {
    this.config = config;
    this.cache = cache;
    this.json = json;
    this.runner = runner;
    this.parts = parts;
  }
}
