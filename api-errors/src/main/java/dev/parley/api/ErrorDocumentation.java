package dev.parley.api;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the one error shape of every Parley API ({@link ErrorResponse}, its {@code error} one of the {@link ErrorCode}
 * wire strings) to a service's OpenAPI document, as the {@code default} response of every operation: what a client
 * gets whenever the status is not the documented success. Services enable it with
 * {@code mp.openapi.filter=dev.parley.api.ErrorDocumentation}.
 */
public class ErrorDocumentation implements OASFilter {

    static final String SCHEMA = "Error";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse()
                    .description("An error: the HTTP status says which kind, error its code (for programs), message "
                            + "its explanation (for people)")
                    .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref(SCHEMA)))));
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(SCHEMA, errorSchema());
    }

    static Schema errorSchema() {
        List<Object> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).map(Object.class::cast).toList();
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("The error body of every Parley API (and of the gateway)")
                .addProperty("error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("Stable machine-readable code; a client acts on it, never on the message")
                        .enumeration(codes))
                .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("What went wrong, for people"))
                .addProperty("details", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                        .description("One message per broken rule, when a request broke several"))
                .required(List.of("error", "message"));
    }
}
