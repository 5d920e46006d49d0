package com.voxell.lux.documents.boundary;

import static com.voxell.lux.documents.boundary.DocumentsIT.assertProblem;
import static com.voxell.lux.support.Lux.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.TestKeys;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A server configured to hold three documents answers 507 for a fourth, and still updates. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DocumentLimitIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war("lux.max-documents=3");
  }

  @Test
  void theDocumentLimitRefusesCreationsButNotUpdates() {
    for (int i = 0; i < 3; i++) {
      assertThat(put("workflow-cap-" + i, "{\"data\":{}}", TestKeys.ADMIN).statusCode())
          .isEqualTo(201);
    }
    assertProblem(put("workflow-cap-3", "{\"data\":{}}", TestKeys.ADMIN), 507);
    assertThat(put("workflow-cap-0", "{\"data\":{\"again\":true}}", TestKeys.ADMIN).statusCode())
        .isEqualTo(200);
  }
}
