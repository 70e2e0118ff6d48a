package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProjectionStatementsTests {

    @Test
    void tagsTravelAsOneArrayLiteralPerRowWithQuotesAndBackslashesEscaped() {
        assertThat(ProjectionStatements.arrayLiteral(List.of())).isEqualTo("{}");
        assertThat(ProjectionStatements.arrayLiteral(List.of("postgresql", "a,b", "say \"hi\"", "back\\slash", "NULL")))
                .isEqualTo("{\"postgresql\",\"a,b\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"NULL\"}");
    }
}
