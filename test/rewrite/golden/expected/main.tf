resource "kubernetes_deployment" "dns" {
  spec {
    template {
      container {
        image = "registry.k8s.io/coredns:1.7.0"
      }
    }
  }
}
