import * as fs from "node:fs";
import * as path from "node:path";

import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/**
 * Routes of examples/quickstart, in API Gateway's {name} path syntax: the
 * app's routes, then the Swagger UI page and the two files it loads, which
 * the app's EnableSwagger serves. go test ./tests/docs compares this list
 * with the routes that examples/quickstart/main.go registers.
 */
export const QUICKSTART_ROUTES: ReadonlyArray<[apigwv2.HttpMethod, string]> = [
  [apigwv2.HttpMethod.GET, "/health"],
  [apigwv2.HttpMethod.GET, "/users/{user_id}"],
  [apigwv2.HttpMethod.POST, "/todos"],
  [apigwv2.HttpMethod.GET, "/dashboard/{user_id}"],
  [apigwv2.HttpMethod.GET, "/swagger"],
  [apigwv2.HttpMethod.GET, "/swagger/swagger-ui-bundle.js"],
  [apigwv2.HttpMethod.GET, "/swagger/swagger-ui.css"],
];

export interface QuickstartStackProps extends cdk.StackProps {
  /**
   * Folder that contains the Go binary named bootstrap, built for
   * linux/arm64. Defaults to build/quickstart next to cdk.json, where
   * `npm run build:bootstrap` writes it.
   */
  readonly bootstrapDir?: string;
}

/**
 * The quickstart as one Lambda function (custom runtime provided.al2023 on
 * arm64) behind an API Gateway HTTP API with one route per handler.
 */
export class QuickstartStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: QuickstartStackProps = {}) {
    super(scope, id, props);

    const bootstrapDir = path.resolve(props.bootstrapDir ?? path.join(__dirname, "..", "build", "quickstart"));
    if (!fs.existsSync(path.join(bootstrapDir, "bootstrap"))) {
      throw new Error(
        `no bootstrap binary in ${bootstrapDir}; run "npm run build:bootstrap" first, ` +
          "or set LAMBDAROUTE_BOOTSTRAP_DIR to the folder that contains it",
      );
    }

    const fn = new lambda.Function(this, "QuickstartFunction", {
      runtime: lambda.Runtime.PROVIDED_AL2023,
      architecture: lambda.Architecture.ARM_64,
      handler: "bootstrap",
      code: lambda.Code.fromAsset(bootstrapDir),
      memorySize: 256,
      timeout: cdk.Duration.seconds(10),
      description: "lambdaroute quickstart (HTTP API payload format 2.0)",
    });

    const api = new apigwv2.HttpApi(this, "QuickstartApi", {
      description: "Routes of the lambdaroute quickstart",
    });
    const integration = new HttpLambdaIntegration("QuickstartIntegration", fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const [method, routePath] of QUICKSTART_ROUTES) {
      api.addRoutes({ path: routePath, methods: [method], integration });
    }

    new cdk.CfnOutput(this, "ApiUrl", { value: api.apiEndpoint });
  }
}
