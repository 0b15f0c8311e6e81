package io.hatchet4j.examples.spring;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hatchet4j.spring.boot.test.EmbeddedHatchet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

/** The whole service against an embedded engine: HTTP in, a task run on the service's own worker, HTTP out. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedHatchet
class GreetingApplicationTest {

  @Autowired MockMvc http;

  @Test
  void greetsThroughAHatchetTask() throws Exception {
    http.perform(get("/greet").param("name", "Ada"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.text").value("Hello, Ada"));
  }

  @Test
  void runsTheTwoTaskWorkflowBean() throws Exception {
    http.perform(get("/welcome").param("name", "Lin"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.text").value("Welcome, Lin"))
        .andExpect(jsonPath("$.length").value(12));
  }

  @Test
  void actuatorHealthShowsTheWorker() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        http.perform(get("/actuator/health"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.hatchet.status").value("UP"))
            .andExpect(jsonPath("$.components.hatchet.details.worker").value("greeting-service")));
  }
}
