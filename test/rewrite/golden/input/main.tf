resource "kubernetes_deployment" "dns" {
  spec {
    template {
      container {
        image = "k8s.gcr.io/coredns:1.7.0"
      }
    }
  }
}
