package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class RebuildEnvironmentTests {

    private final RebuildEnvironment postProcessor = new RebuildEnvironment();

    @Test
    void theRebuildCommandOpensNoPort() {
        for (String value : new String[] {"true", "TRUE"}) {
            MockEnvironment environment = new MockEnvironment().withProperty(RebuildEnvironment.PROPERTY, value);

            postProcessor.postProcessEnvironment(environment, new SpringApplication());

            assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
        }
    }

    @Test
    void theServiceKeepsItsPort() {
        for (MockEnvironment environment : new MockEnvironment[] {new MockEnvironment(),
                new MockEnvironment().withProperty(RebuildEnvironment.PROPERTY, "false")}) {

            postProcessor.postProcessEnvironment(environment, new SpringApplication());

            assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
        }
    }

    @Test
    void aValueOtherThanTrueOrFalseStopsTheStartWithTheReason() {
        for (String value : new String[] {"yes", "1", "on", "", "TRUE "}) {
            MockEnvironment environment = new MockEnvironment().withProperty(RebuildEnvironment.PROPERTY, value);

            assertThatIllegalStateException()
                    .isThrownBy(() -> postProcessor.postProcessEnvironment(environment, new SpringApplication()))
                    .withMessage("query.projection.rebuild must be true (run the rebuild command) or false (run the"
                            + " service), not '" + value + "'");
        }
    }
}
