package nl.herkomst.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI at {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}. Every operation lists the
 * problem responses it can give (RFC 7807 with a stable {@code code}).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI herkomstOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new StringSchema().example("urn:herkomst:problem:UNKNOWN_PROVIDER"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("code", new StringSchema().description("stable error code, e.g. UNKNOWN_PROVIDER, STATE_USED"));
        return new OpenAPI()
                .info(new Info().title("Herkomst API").version("0.1")
                        .description("Collect a person's health data over MedMij and read the dossier with its provenance.")
                        .license(new License().name("open source")))
                .components(new Components().addSchemas("Problem", problem).addSecuritySchemes("bearer",
                        new io.swagger.v3.oas.models.security.SecurityScheme().type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT").description("An API token; roles PERSON, SUPPORT, AUDITOR, ADMIN (README)")))
                .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(op -> {
            Content content = new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
            op.getResponses().putIfAbsent("400", new ApiResponse().description("Invalid request (code INVALID_REQUEST, ...)").content(content));
            op.getResponses().putIfAbsent("413", new ApiResponse().description("Body too large (PAYLOAD_TOO_LARGE)").content(content));
            op.getResponses().putIfAbsent("401", new ApiResponse().description("No valid API token (UNAUTHENTICATED)").content(content));
            op.getResponses().putIfAbsent("403", new ApiResponse().description("Not for this token's role or person (FORBIDDEN)").content(content));
            op.getResponses().putIfAbsent("500", new ApiResponse().description("Unexpected error (INTERNAL_ERROR), never a stack trace").content(content));
        }));
    }
}
