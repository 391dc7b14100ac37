locals {
  aws_common_tags = {
    cloud   = "aws"
    plugin  = "aispm"
    service = "AWS/SageMaker"
  }
  azure_common_tags = {
    cloud   = "azure"
    plugin  = "aispm"
    service = "Azure/CognitiveServices"
  }
  gcp_common_tags = {
    cloud   = "gcp"
    plugin  = "aispm"
    service = "GCP/VertexAI"
  }
  cross_cloud_common_tags = {
    cloud  = "all"
    plugin = "aispm"
  }
}
