#!/usr/bin/env node
// Entry point of the CDK app: one stack with the quickstart function and
// its HTTP API. The stack is environment-agnostic, so `cdk synth` needs no
// AWS account or credentials.
import * as cdk from "aws-cdk-lib";
import { QuickstartStack } from "../lib/quickstart-stack";

const app = new cdk.App();
new QuickstartStack(app, "LambdarouteQuickstart", {
  description: "lambdaroute quickstart behind an API Gateway HTTP API",
  bootstrapDir: app.node.tryGetContext("bootstrapDir") ?? process.env.LAMBDAROUTE_BOOTSTRAP_DIR,
});
