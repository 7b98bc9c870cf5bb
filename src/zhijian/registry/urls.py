from django.urls import path

from zhijian.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/status/", views.EnterpriseStatusView.as_view(), name="enterprise_status"),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    path("products/new/", views.ProductCreateView.as_view(), name="product_create"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("products/<int:pk>/edit/", views.ProductEditView.as_view(), name="product_edit"),
    path("categories/", views.CategoryListView.as_view(), name="category_list"),
    path("categories/new/", views.CategoryCreateView.as_view(), name="category_create"),
    path("categories/<int:pk>/", views.CategoryDetailView.as_view(), name="category_detail"),
    path("categories/<int:pk>/edit/", views.CategoryEditView.as_view(), name="category_edit"),
    path("brands/", views.BrandListView.as_view(), name="brand_list"),
    path("brands/new/", views.BrandCreateView.as_view(), name="brand_create"),
    path("brands/<int:pk>/", views.BrandDetailView.as_view(), name="brand_detail"),
    path("brands/<int:pk>/edit/", views.BrandEditView.as_view(), name="brand_edit"),
    path("brands/<int:pk>/aliases/", views.BrandAliasAddView.as_view(), name="brand_alias_add"),
    path("brands/<int:pk>/aliases/<int:alias_pk>/delete/", views.BrandAliasRemoveView.as_view(), name="brand_alias_remove"),
]
